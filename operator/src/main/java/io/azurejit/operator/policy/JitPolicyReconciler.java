package io.azurejit.operator.policy;

import io.azurejit.operator.api.Conditions;
import io.azurejit.operator.api.DeletionPolicy;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.api.JitPolicyStatus;
import io.azurejit.operator.api.StatusPatches;
import io.azurejit.operator.azure.AzureJit;
import io.azurejit.operator.azure.AzureJitException;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.JitPolicyDocument;
import io.azurejit.operator.azure.PolicyVirtualMachine;
import io.azurejit.operator.runtime.CompactItemStore;
import io.azurejit.operator.runtime.EventRecorder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges Azure JIT policies with the JitPolicies that target them. Each reconcile reads the
 * Azure policy, plans the shared document ({@link SharedPolicyPlan}), writes it only when it means
 * something else than what Azure holds, and records the outcome in status and Events. Azure is read
 * again every drift period, so edits made in Azure are put right.
 */
@ControllerConfiguration(name = JitPolicyReconciler.NAME)
public class JitPolicyReconciler implements Reconciler<JitPolicy>, Cleaner<JitPolicy> {

  public static final String NAME = "jitpolicy";
  static final String READY = "Ready";
  static final String SYNCED = "Synced";

  private static final Logger log = LoggerFactory.getLogger(JitPolicyReconciler.class);
  private static final Duration CLEANUP_RETRY = Duration.ofSeconds(30);

  private final AzureJit azure;
  private final AzurePolicyLocks locks;
  private final AzurePolicySnapshots snapshots;
  private final EventRecorder events;
  private final Duration driftPeriod;
  private final Clock clock;
  private final Set<String> reconciledSinceStart = ConcurrentHashMap.newKeySet();

  public JitPolicyReconciler(
      AzureJit azure,
      AzurePolicyLocks locks,
      EventRecorder events,
      Duration driftPeriod,
      Clock clock) {
    this.azure = azure;
    this.locks = locks;
    this.snapshots = new AzurePolicySnapshots(azure, clock);
    this.events = events;
    this.driftPeriod = driftPeriod;
    this.clock = clock;
  }

  @Override
  public UpdateControl<JitPolicy> reconcile(JitPolicy policy, Context<JitPolicy> context) {
    AzurePolicyKey key = PolicyEntries.keyOf(policy);
    Optional<Duration> untilNextCheck = recentlySynced(policy);
    if (untilNextCheck.isPresent()) {
      log.debug("Synced with Azure {} ago; next check in {}", driftPeriod, untilNextCheck.get());
      return UpdateControl.<JitPolicy>noUpdate().rescheduleAfter(untilNextCheck.get());
    }

    Convergence result;
    try {
      result = locks.withLock(key, () -> converge(policy, key, sharing(context, key), false));
    } catch (AzureJitException e) {
      if (e.isTransient()) {
        throw e;
      }
      return refused(policy, key, e);
    }

    announce(policy, result);
    return UpdateControl.patchStatus(withStatus(policy, statusAfter(policy, key, result)))
        .rescheduleAfter(driftPeriod);
  }

  @Override
  public DeleteControl cleanup(JitPolicy policy, Context<JitPolicy> context) {
    AzurePolicyKey key = PolicyEntries.keyOf(policy);
    if (policy.getSpec().getDeletionPolicy() == DeletionPolicy.Orphan) {
      log.info("Deleted with deletionPolicy Orphan; Azure policy {} left as it is", key);
      return DeleteControl.defaultDelete();
    }

    try {
      Convergence result =
          locks.withLock(key, () -> converge(policy, key, sharing(context, key), true));
      log.info("Removed from Azure policy {}: {}", key, result.change().describe());
      return DeleteControl.defaultDelete();
    } catch (AzureJitException e) {
      log.warn("Cannot remove entries from Azure policy {}: {}", key, e.describe());
      var status = copyOf(policy.getStatus());
      setCondition(
          status,
          policy,
          READY,
          false,
          "CleanupFailed",
          "Cannot remove this JitPolicy's virtual machines from Azure policy "
              + key.policyName()
              + ": "
              + e.describe()
              + " Retrying; set spec.deletionPolicy to Orphan to delete it without"
              + " touching Azure.");
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
          policy, withStatus(policy, status), context);
      events.warning(policy, "CleanupFailed", e.describe());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_RETRY.toMillis());
    }
  }

  @Override
  public ErrorStatusUpdateControl<JitPolicy> updateErrorStatus(
      JitPolicy policy, Context<JitPolicy> context, Exception e) {
    String reason = e instanceof AzureJitException ? "AzureUnavailable" : "ReconcileError";
    String message =
        e instanceof AzureJitException azureError
            ? "Azure could not be reached or failed: " + azureError.describe() + " Retrying."
            : "Reconciliation failed: " + e.getMessage();
    var status = copyOf(policy.getStatus());
    setCondition(status, policy, SYNCED, false, reason, message);
    if (!Conditions.isTrue(status.getConditions(), READY)) {
      setCondition(status, policy, READY, false, reason, message);
    }
    return ErrorStatusUpdateControl.patchStatus(withStatus(policy, status));
  }

  @Override
  public List<EventSource<?, JitPolicy>> prepareEventSources(
      EventSourceContext<JitPolicy> context) {
    // A change to one JitPolicy can settle a conflict of another sharing its Azure policy: the
    // JitPolicies in Conflict are reconciled again. Others are not, nor on status-only updates,
    // or every write would wake every sibling.
    var siblings =
        InformerEventSourceConfiguration.from(JitPolicy.class, JitPolicy.class)
            .withName("sharing-an-azure-policy")
            .withItemStore(new CompactItemStore<>())
            .withNamespacesInheritedFromController()
            .withOnUpdateFilter(
                (next, old) ->
                    !Objects.equals(
                            next.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                        || !Objects.equals(
                            next.getMetadata().getDeletionTimestamp(),
                            old.getMetadata().getDeletionTimestamp()))
            .withSecondaryToPrimaryMapper(changed -> siblingsOf(changed, context))
            .build();
    return List.of(new InformerEventSource<>(siblings, context));
  }

  private Set<ResourceID> siblingsOf(JitPolicy changed, EventSourceContext<JitPolicy> context) {
    AzurePolicyKey key = PolicyEntries.keyOf(changed);
    return context
        .getPrimaryCache()
        .list(p -> !sameResource(p, changed) && PolicyEntries.keyOf(p).equals(key) && inConflict(p))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private Convergence converge(
      JitPolicy policy, AzurePolicyKey key, List<JitPolicy> sharing, boolean removing) {
    var seen = snapshots.recent(key, driftPeriod.dividedBy(2));
    var result = plan(policy, key, sharing, removing, seen.document());
    if (!result.needsNoWrite() && !seen.fresh()) {
      // Another writer may have changed Azure since; a write always starts from a fresh read.
      result = plan(policy, key, sharing, removing, snapshots.fresh(key).document());
    }
    if (result.needsNoWrite()) {
      return result.unchanged();
    }

    var plan = result.plan();
    try {
      if (plan.desired().isEmpty()) {
        azure.delete(key);
        snapshots.written(key, Optional.empty());
        log.info("Deleted Azure policy {}: nothing remains in it", key);
        return new Convergence(plan, result.change(), true, Optional.empty());
      }
      JitPolicyDocument written = azure.put(key, plan.desired());
      snapshots.written(key, Optional.of(written));
      log.info("Wrote Azure policy {}: {}", key, result.change().describe());
      return new Convergence(plan, result.change(), true, Optional.ofNullable(written.id()));
    } catch (RuntimeException e) {
      snapshots.forget(key);
      throw e;
    }
  }

  /** The plan against one view of Azure, and whether that view needs no write. */
  private Planned plan(
      JitPolicy policy,
      AzurePolicyKey key,
      List<JitPolicy> sharing,
      boolean removing,
      Optional<JitPolicyDocument> current) {
    List<PolicyVirtualMachine> inAzure =
        current.map(JitPolicyDocument::virtualMachines).orElse(List.of());
    var plan = SharedPolicyPlan.plan(policy, removing, sharing, inAzure);
    var change = PolicyChange.between(inAzure, plan.desired());
    boolean inSync = change.isEmpty() && (current.isPresent() || plan.desired().isEmpty());
    if (inSync) {
      log.debug("Azure policy {} already holds the declared entries", key);
    }
    return new Planned(
        plan,
        change,
        inSync ? new Convergence(plan, change, false, current.map(JitPolicyDocument::id)) : null);
  }

  /** A plan, and the convergence to report when Azure already matches it. */
  private record Planned(SharedPolicyPlan plan, PolicyChange change, Convergence unchanged) {
    boolean needsNoWrite() {
      return unchanged != null;
    }
  }

  private UpdateControl<JitPolicy> refused(
      JitPolicy policy, AzurePolicyKey key, AzureJitException e) {
    log.warn("Azure refused policy {}: {}", key, e.describe());
    events.warning(policy, "AzureRefused", e.describe());
    var status = copyOf(policy.getStatus());
    Long generation = policy.getMetadata().getGeneration();
    String message =
        "Azure refused the policy: "
            + e.describe()
            + " Fix the JitPolicy or the Azure permissions; the operator tries again every "
            + driftPeriod.toMinutes()
            + " minutes.";
    status.setObservedGeneration(generation);
    setCondition(status, policy, READY, false, "AzureRefused", message);
    setCondition(status, policy, SYNCED, false, "AzureRefused", message);
    return UpdateControl.patchStatus(withStatus(policy, status)).rescheduleAfter(driftPeriod);
  }

  private void announce(JitPolicy policy, Convergence result) {
    if (!result.written()) {
      return;
    }
    List<String> mine =
        result.plan().contributedEntries().stream().map(PolicyChange::name).toList();
    boolean drifted =
        result.change().touches(mine)
            && wasReadyFor(policy)
            && PolicyEntries.hash(result.plan().contributedEntries())
                .equals(policy.getStatus().getAppliedHash());
    if (drifted) {
      events.warning(
          policy,
          "DriftCorrected",
          "Azure policy had been changed outside this JitPolicy; restored: "
              + result.change().describe());
    } else {
      events.normal(policy, "Applied", "Azure policy updated: " + result.change().describe());
    }
    result
        .plan()
        .conflicts()
        .forEach(
            (vm, winner) ->
                events.warning(
                    policy,
                    "Conflict",
                    vm.substring(vm.lastIndexOf('/') + 1) + " is already declared by " + winner));
  }

  private JitPolicyStatus statusAfter(JitPolicy policy, AzurePolicyKey key, Convergence result) {
    var status = copyOf(policy.getStatus());
    Instant now = clock.instant();
    Long generation = policy.getMetadata().getGeneration();
    List<PolicyVirtualMachine> mine = result.plan().contributedEntries();
    status.setObservedGeneration(generation);
    status.setAzurePolicyId(result.azurePolicyId().orElse(key.resourceId()));
    status.setLastSyncTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    status.setAppliedHash(PolicyEntries.hash(mine));
    status.setAppliedVirtualMachines(mine.stream().map(PolicyVirtualMachine::id).toList());
    status.setVirtualMachineCount(mine.size());
    setCondition(
        status,
        policy,
        SYNCED,
        true,
        "InSync",
        "Azure policy " + key.policyName() + " was read and matches.");
    Map<String, String> conflicts = result.plan().conflicts();
    if (conflicts.isEmpty()) {
      setCondition(
          status,
          policy,
          READY,
          true,
          "Applied",
          "Azure policy "
              + key.policyName()
              + " holds this JitPolicy's "
              + mine.size()
              + " virtual machine(s).");
    } else {
      setCondition(status, policy, READY, false, "Conflict", conflictMessage(conflicts));
    }
    reconciledSinceStart.add(policy.getMetadata().getUid());
    return status;
  }

  private static String conflictMessage(Map<String, String> conflicts) {
    return conflicts.entrySet().stream()
            .map(
                e ->
                    e.getKey().substring(e.getKey().lastIndexOf('/') + 1)
                        + " is already declared by JitPolicy "
                        + e.getValue())
            .collect(Collectors.joining("; "))
        + ". The older JitPolicy keeps it; remove it from one of them.";
  }

  /**
   * After a restart, a JitPolicy whose status shows a sync within the drift period, for the spec it
   * has now, is not read from Azure again until the period is over: a restart does not cost one ARM
   * read per JitPolicy.
   */
  private Optional<Duration> recentlySynced(JitPolicy policy) {
    var status = policy.getStatus();
    if (!reconciledSinceStart.add(policy.getMetadata().getUid())
        || status == null
        || status.getLastSyncTime() == null
        || !Objects.equals(status.getObservedGeneration(), policy.getMetadata().getGeneration())
        || !Conditions.isTrue(status.getConditions(), READY)
        || !PolicyEntries.hash(PolicyEntries.declared(policy)).equals(status.getAppliedHash())) {
      return Optional.empty();
    }
    Duration since = Duration.between(Instant.parse(status.getLastSyncTime()), clock.instant());
    return since.compareTo(driftPeriod) < 0 && !since.isNegative()
        ? Optional.of(driftPeriod.minus(since))
        : Optional.empty();
  }

  private static boolean wasReadyFor(JitPolicy policy) {
    var status = policy.getStatus();
    return status != null
        && Objects.equals(status.getObservedGeneration(), policy.getMetadata().getGeneration())
        && Conditions.isTrue(status.getConditions(), READY);
  }

  private static List<JitPolicy> sharing(Context<JitPolicy> context, AzurePolicyKey key) {
    return context.getPrimaryCache().list(p -> PolicyEntries.keyOf(p).equals(key)).toList();
  }

  private static boolean inConflict(JitPolicy policy) {
    return policy.getStatus() != null
        && Conditions.find(policy.getStatus().getConditions(), READY)
            .map(c -> "Conflict".equals(c.getReason()))
            .orElse(false);
  }

  private static boolean sameResource(JitPolicy a, JitPolicy b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName())
        && a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace());
  }

  private static JitPolicyStatus copyOf(JitPolicyStatus status) {
    return status == null ? new JitPolicyStatus() : status.copy();
  }

  private static JitPolicy withStatus(JitPolicy policy, JitPolicyStatus status) {
    return StatusPatches.carrying(policy, status, JitPolicy::new);
  }

  /** What one convergence found and did. */
  private record Convergence(
      SharedPolicyPlan plan,
      PolicyChange change,
      boolean written,
      Optional<String> azurePolicyId) {}

  private void setCondition(
      JitPolicyStatus status,
      JitPolicy policy,
      String type,
      boolean value,
      String reason,
      String message) {
    status.setConditions(
        Conditions.with(
            status.getConditions(),
            type,
            value,
            reason,
            message,
            policy.getMetadata().getGeneration(),
            clock.instant()));
  }
}
