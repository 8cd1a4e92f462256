package io.azurejit.operator.access;

import io.azurejit.operator.api.AccessPhase;
import io.azurejit.operator.api.AccessPortStatus;
import io.azurejit.operator.api.AzureRequestReference;
import io.azurejit.operator.api.Conditions;
import io.azurejit.operator.api.JitAccessRequest;
import io.azurejit.operator.api.JitAccessRequestStatus;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.api.StatusPatches;
import io.azurejit.operator.azure.AccessRequestRecord;
import io.azurejit.operator.azure.AzureJit;
import io.azurejit.operator.azure.AzureJitException;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.InitiateOutcome;
import io.azurejit.operator.azure.InitiateRequest;
import io.azurejit.operator.azure.PortStatus;
import io.azurejit.operator.azure.PortStatusReason;
import io.azurejit.operator.policy.PolicyEntries;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a JitAccessRequest from creation to its end: checks it against its JitPolicy, records the
 * intent to open, opens it in Azure exactly once, reports it Active once Azure has applied it, and
 * records expiry or the early close. Every write to Azure is preceded by a status write of its
 * unique token, so a crash at any point is resumed by looking for that token in Azure.
 */
@ControllerConfiguration(name = JitAccessRequestReconciler.NAME)
public class JitAccessRequestReconciler
    implements Reconciler<JitAccessRequest>, Cleaner<JitAccessRequest> {

  public static final String NAME = "jitaccessrequest";
  static final String VALIDATED = "Validated";
  static final String APPROVED = "Approved";
  static final String ACTIVE = "Active";

  private static final Logger log = LoggerFactory.getLogger(JitAccessRequestReconciler.class);
  private static final String POLICY_INDEX = "policyRef";
  private static final Duration AMBIGUOUS_RETRY = Duration.ofSeconds(5);
  private static final Duration PENDING_RECHECK = Duration.ofMinutes(1);

  private final AzureJit azure;
  private final AzurePolicyReads reads;
  private final EventRecorder events;
  private final AccessSettings settings;
  private final AccessMetrics metrics;
  private final Clock clock;

  public JitAccessRequestReconciler(
      AzureJit azure,
      EventRecorder events,
      AccessSettings settings,
      AccessMetrics metrics,
      Clock clock) {
    this.azure = azure;
    this.reads = new AzurePolicyReads(azure, clock);
    this.events = events;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<JitAccessRequest> reconcile(
      JitAccessRequest request, Context<JitAccessRequest> context) {
    AccessPhase phase = phaseOf(request);
    return switch (phase) {
      case Pending, Approved -> admit(request, context);
      case Opening -> resumeOpening(request, context);
      case Active -> watchActive(request, context);
      case Expired, Revoked, Denied, Failed -> finished(request, context);
    };
  }

  @Override
  public DeleteControl cleanup(JitAccessRequest request, Context<JitAccessRequest> context) {
    AccessPhase phase = phaseOf(request);
    boolean mayBeOpen =
        phase == AccessPhase.Active
            || (phase == AccessPhase.Opening && request.getStatus().getOpenToken() != null);
    if (!mayBeOpen) {
      return DeleteControl.defaultDelete();
    }
    if (phase == AccessPhase.Opening
        && findInAzure(request, request.getStatus().getOpenToken()).isEmpty()) {
      log.info("Deleted while opening; Azure holds no request for it, nothing to close");
      return DeleteControl.defaultDelete();
    }
    boolean closed = closeEarly(request, context, "Deleted while active");
    return closed
        ? DeleteControl.defaultDelete()
        : DeleteControl.noFinalizerRemoval().rescheduleAfter(AMBIGUOUS_RETRY.toMillis());
  }

  @Override
  public ErrorStatusUpdateControl<JitAccessRequest> updateErrorStatus(
      JitAccessRequest request, Context<JitAccessRequest> context, Exception e) {
    String message =
        e instanceof AzureJitException azureError
            ? "Azure could not be reached or failed: " + azureError.describe() + " Retrying."
            : "Reconciliation failed: " + e.getMessage() + " Retrying.";
    var status = copyOf(request.getStatus());
    if (status.getPhase() == null) {
      status.setPhase(AccessPhase.Pending);
    }
    setCondition(
        status,
        request,
        ACTIVE,
        status.getPhase() == AccessPhase.Active,
        e instanceof AzureJitException ? "AzureUnavailable" : "ReconcileError",
        message);
    return ErrorStatusUpdateControl.patchStatus(withStatus(request, status));
  }

  @Override
  public List<EventSource<?, JitAccessRequest>> prepareEventSources(
      EventSourceContext<JitAccessRequest> context) {
    context.getPrimaryCache().addIndexer(POLICY_INDEX, request -> List.of(policyIndexKey(request)));
    metrics.watch(context.getPrimaryCache());
    // Requests wait in Pending for their policy; a policy that becomes ready, or changes, wakes
    // the requests that reference it. Its periodic sync, a status-only update, does not.
    var policies =
        InformerEventSourceConfiguration.from(JitPolicy.class, JitAccessRequest.class)
            .withName("referenced-policies")
            .withItemStore(new CompactItemStore<>())
            .withWatchAllNamespaces()
            .withOnUpdateFilter(
                (next, old) ->
                    !Objects.equals(
                            next.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                        || !Objects.equals(appliedOf(next), appliedOf(old)))
            .withSecondaryToPrimaryMapper(
                policy ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            POLICY_INDEX,
                            policy.getMetadata().getNamespace()
                                + "/"
                                + policy.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (JitAccessRequest request) ->
                    Set.of(new ResourceID(policyName(request), policyNamespace(request))))
            .build();
    return List.of(new InformerEventSource<>(policies, context));
  }

  private UpdateControl<JitAccessRequest> admit(
      JitAccessRequest request, Context<JitAccessRequest> context) {
    if (Boolean.TRUE.equals(request.getSpec().getRevoke())) {
      return finish(
          request,
          context,
          AccessPhase.Revoked,
          "RevokedBeforeOpening",
          "Revoked before anything was opened in Azure.",
          null);
    }
    Optional<JitPolicy> policy = context.getSecondaryResource(JitPolicy.class);
    if (policy.isEmpty()) {
      return deny(
          request,
          context,
          new Denial(
              "PolicyNotFound",
              "JitPolicy "
                  + policyNamespace(request)
                  + "/"
                  + policyName(request)
                  + " does not exist."));
    }
    Optional<Denial> denial = RequestValidation.check(request, policy.get());
    if (denial.isPresent()) {
      return deny(request, context, denial.get());
    }
    AzurePolicyKey key = PolicyEntries.keyOf(policy.get());
    String vmId =
        PolicyEntries.virtualMachineId(
            key,
            RequestValidation.virtualMachine(policy.get(), request.getSpec().getVirtualMachine())
                .orElseThrow());
    if (!appliedInAzure(policy.get(), vmId)) {
      return waitForPolicy(request, context, policy.get());
    }

    JitAccessRequest opening = recordIntentToOpen(request, context, key, vmId);
    return initiateOpen(opening, context);
  }

  private JitAccessRequest recordIntentToOpen(
      JitAccessRequest request, Context<JitAccessRequest> context, AzurePolicyKey key, String vm) {
    var status = copyOf(request.getStatus());
    Long generation = request.getMetadata().getGeneration();
    var reference = new AzureRequestReference();
    reference.setPolicyId(key.resourceId());
    reference.setVirtualMachineId(vm);
    status.setAzureRequest(reference);
    status.setOpenToken(UUID.randomUUID().toString());
    status.setPhase(AccessPhase.Opening);
    status.setObservedGeneration(generation);
    setCondition(
        status,
        request,
        VALIDATED,
        true,
        "WithinPolicy",
        "The request keeps every rule of JitPolicy " + policyName(request) + ".");
    setCondition(
        status,
        request,
        APPROVED,
        true,
        "Automatic",
        "Approved automatically: the JitPolicy allows it.");
    setCondition(status, request, ACTIVE, false, "Opening", "Asking Azure to open the ports.");
    return write(request, context, status);
  }

  private UpdateControl<JitAccessRequest> resumeOpening(
      JitAccessRequest request, Context<JitAccessRequest> context) {
    String marker = AzureJustification.marker(request.getStatus().getOpenToken());
    // Once Azure has accepted the request, a read a moment old shows it as well as a fresh one,
    // so requests that open together in one Azure policy share one read while they wait. Only a
    // fresh read may conclude that Azure holds no request, before asking again.
    Optional<AccessRequestRecord> mine = Optional.empty();
    if (request.getStatus().getAzureRequest().getStartTimeUtc() != null) {
      mine =
          reads
              .recent(keyOf(request), settings.initiatingRecheck().dividedBy(2))
              .flatMap(p -> p.requestMarked(marker));
    }
    if (mine.isEmpty()) {
      mine = findInAzure(request, request.getStatus().getOpenToken());
    }
    if (mine.isPresent()) {
      return progress(request, context, mine.get());
    }
    if (request.getStatus().getAzureRequest().getStartTimeUtc() != null) {
      // Azure answered 202 for this token: it is never sent again, even while Azure's history
      // does not show it yet.
      log.info("Azure accepted the open but does not list it yet; looking again shortly");
      return UpdateControl.<JitAccessRequest>noUpdate()
          .rescheduleAfter(settings.initiatingRecheck());
    }
    if (Boolean.TRUE.equals(request.getSpec().getRevoke())) {
      return finish(
          request,
          context,
          AccessPhase.Revoked,
          "RevokedBeforeOpening",
          "Revoked before Azure opened anything.",
          null);
    }
    log.info("No Azure request carries token {}; initiating", request.getStatus().getOpenToken());
    return initiateOpen(request, context);
  }

  private UpdateControl<JitAccessRequest> initiateOpen(
      JitAccessRequest request, Context<JitAccessRequest> context) {
    var status = request.getStatus();
    Instant end = clock.instant().plus(Duration.parse(request.getSpec().getDuration()));
    InitiateOutcome outcome =
        azure.initiate(
            keyOf(request),
            initiateRequest(
                request, end, AzureJustification.of(request, status.getOpenToken(), "Opened")));
    if (outcome instanceof InitiateOutcome.Opened opened) {
      return progress(request, context, opened.request());
    }
    if (outcome instanceof InitiateOutcome.Refused refused) {
      return fail(request, context, refused.error());
    }
    return ambiguous(request, context, ((InitiateOutcome.Unknown) outcome).error());
  }

  private UpdateControl<JitAccessRequest> ambiguous(
      JitAccessRequest request, Context<JitAccessRequest> context, AzureJitException error) {
    log.warn("Outcome of initiate unknown ({}); looking for it in Azure", error.describe());
    Optional<AccessRequestRecord> mine = Optional.empty();
    try {
      mine = findInAzure(request, request.getStatus().getOpenToken());
    } catch (AzureJitException e) {
      log.warn("Azure cannot be read either ({}); looking again shortly", e.describe());
    }
    if (mine.isPresent()) {
      return progress(request, context, mine.get());
    }
    var status = copyOf(request.getStatus());
    setCondition(
        status,
        request,
        ACTIVE,
        false,
        "OutcomeUnknown",
        "Azure gave no clear answer to the open ("
            + error.describe()
            + "). The operator looks for the request in Azure before asking again.");
    write(request, context, status);
    return UpdateControl.<JitAccessRequest>noUpdate().rescheduleAfter(AMBIGUOUS_RETRY);
  }

  /** Azure holds the request: Active once every port is applied, otherwise look again soon. */
  private UpdateControl<JitAccessRequest> progress(
      JitAccessRequest request, Context<JitAccessRequest> context, AccessRequestRecord record) {
    var status = copyOf(request.getStatus());
    describeAzureRequest(status, record);
    List<AccessRequestRecord.Port> ports = record.ports();
    if (ports.stream().anyMatch(p -> PortStatus.REVOKED.equals(p.status()))) {
      return closedInAzure(request, context, status, ports);
    }
    boolean applied = ports.stream().allMatch(p -> PortStatus.INITIATED.equals(p.status()));
    if (!applied) {
      write(request, context, status);
      return UpdateControl.<JitAccessRequest>noUpdate()
          .rescheduleAfter(settings.initiatingRecheck());
    }

    Instant now = clock.instant();
    status.setPhase(AccessPhase.Active);
    setCondition(
        status,
        request,
        ACTIVE,
        true,
        "Opened",
        "Ports "
            + portList(request)
            + " are open for "
            + request.getSpec().getSourceAddressPrefix()
            + " until "
            + status.getExpiresAt()
            + ".");
    JitAccessRequest active = write(request, context, status);
    metrics.opened(request, now);
    return UpdateControl.<JitAccessRequest>noUpdate().rescheduleAfter(untilNextLook(active));
  }

  private UpdateControl<JitAccessRequest> watchActive(
      JitAccessRequest request, Context<JitAccessRequest> context) {
    if (Boolean.TRUE.equals(request.getSpec().getRevoke())) {
      closeEarly(request, context, "Revoked");
      return UpdateControl.<JitAccessRequest>noUpdate().rescheduleAfter(AMBIGUOUS_RETRY);
    }
    Instant expiresAt = Instant.parse(request.getStatus().getExpiresAt());
    if (!clock.instant().isBefore(expiresAt)) {
      return finish(
          request,
          context,
          AccessPhase.Expired,
          "Expired",
          "The access window ended at " + request.getStatus().getExpiresAt() + ".",
          null);
    }

    Optional<AccessRequestRecord> mine =
        reads
            .recent(keyOf(request), settings.activeRecheck().dividedBy(2))
            .flatMap(
                p ->
                    p.requestMarked(AzureJustification.marker(request.getStatus().getOpenToken())));
    if (mine.isPresent()
        && mine.get().ports().stream().allMatch(p -> PortStatus.REVOKED.equals(p.status()))) {
      var status = copyOf(request.getStatus());
      describeAzureRequest(status, mine.get());
      return closedInAzure(request, context, status, mine.get().ports());
    }
    return UpdateControl.<JitAccessRequest>noUpdate().rescheduleAfter(untilNextLook(request));
  }

  private UpdateControl<JitAccessRequest> closedInAzure(
      JitAccessRequest request,
      Context<JitAccessRequest> context,
      JitAccessRequestStatus status,
      List<AccessRequestRecord.Port> ports) {
    boolean superseded =
        ports.stream()
            .anyMatch(p -> PortStatusReason.NEWER_REQUEST_INITIATED.equals(p.statusReason()));
    request.setStatus(status);
    return superseded
        ? finish(
            request,
            context,
            AccessPhase.Revoked,
            "SupersededInAzure",
            "A newer Azure request for the same port replaced this one, so Azure closed it.",
            null)
        : finish(
            request,
            context,
            AccessPhase.Expired,
            "Expired",
            "Azure reports the ports closed: the access window ended.",
            null);
  }

  /**
   * Closes early. Azure has no revoke operation, so the open request is superseded by one for the
   * same ports and source that ends as soon as Azure allows. Returns false when the outcome is not
   * known yet and the close must be tried again.
   */
  private boolean closeEarly(
      JitAccessRequest request, Context<JitAccessRequest> context, String why) {
    var status = request.getStatus();
    Instant now = clock.instant();
    Instant expiresAt =
        Instant.parse(
            status.getExpiresAt() != null
                ? status.getExpiresAt()
                : now.plus(Duration.parse(request.getSpec().getDuration())).toString());
    Instant closesBy = now.plus(settings.revokeWindow());
    if (!closesBy.isBefore(expiresAt)) {
      finish(
          request,
          context,
          AccessPhase.Revoked,
          "Revoked",
          why + "; the access window ends at " + status.getExpiresAt() + " anyway.",
          expiresAt);
      return true;
    }

    String token = status.getRevokeToken();
    if (token != null) {
      Optional<AccessRequestRecord> earlier = findInAzure(request, token);
      if (earlier.isPresent()) {
        revoked(request, context, why, earliestEnd(earlier.get()).orElse(closesBy));
        return true;
      }
    } else {
      var intent = copyOf(status);
      intent.setRevokeToken(UUID.randomUUID().toString());
      request = write(request, context, intent);
      token = intent.getRevokeToken();
    }

    InitiateOutcome outcome =
        azure.initiate(
            keyOf(request),
            initiateRequest(
                request, closesBy, AzureJustification.of(request, token, "Closed early")));
    if (outcome instanceof InitiateOutcome.Opened opened) {
      revoked(request, context, why, earliestEnd(opened.request()).orElse(closesBy));
      return true;
    }
    if (outcome instanceof InitiateOutcome.Refused refused) {
      events.warning(request, "EarlyCloseRefused", refused.error().describe());
      finish(
          request,
          context,
          AccessPhase.Revoked,
          "EarlyCloseRefused",
          why
              + ", but Azure refused the early close ("
              + refused.error().describe()
              + "). The ports stay open until "
              + status.getExpiresAt()
              + ".",
          expiresAt);
      return true;
    }
    log.warn(
        "Outcome of the early close unknown ({}); will look for it",
        ((InitiateOutcome.Unknown) outcome).error().describe());
    return false;
  }

  private void revoked(
      JitAccessRequest request, Context<JitAccessRequest> context, String why, Instant closesBy) {
    finish(
        request,
        context,
        AccessPhase.Revoked,
        "Revoked",
        why
            + ". Azure has no revoke operation, so the open request was replaced by one that"
            + " ends at "
            + closesBy.truncatedTo(ChronoUnit.SECONDS)
            + "; the ports are closed by then. Connections already established are not cut.",
        closesBy);
  }

  private UpdateControl<JitAccessRequest> finished(
      JitAccessRequest request, Context<JitAccessRequest> context) {
    Long ttl = request.getSpec().getTtlSecondsAfterFinished();
    String finishedAt = request.getStatus().getFinishedAt();
    if (ttl == null || finishedAt == null) {
      return UpdateControl.noUpdate();
    }
    Instant deleteAt = Instant.parse(finishedAt).plusSeconds(ttl);
    Instant now = clock.instant();
    if (now.isBefore(deleteAt)) {
      return UpdateControl.<JitAccessRequest>noUpdate()
          .rescheduleAfter(Duration.between(now, deleteAt));
    }
    log.info(
        "Finished {} ago; deleting (ttlSecondsAfterFinished {})",
        Duration.between(Instant.parse(finishedAt), now),
        ttl);
    context.getClient().resource(request).delete();
    return UpdateControl.noUpdate();
  }

  private UpdateControl<JitAccessRequest> deny(
      JitAccessRequest request, Context<JitAccessRequest> context, Denial denial) {
    var status = copyOf(request.getStatus());
    setCondition(status, request, VALIDATED, false, denial.reason(), denial.message());
    request.setStatus(status);
    return finish(request, context, AccessPhase.Denied, denial.reason(), denial.message(), null);
  }

  private UpdateControl<JitAccessRequest> fail(
      JitAccessRequest request, Context<JitAccessRequest> context, AzureJitException error) {
    return finish(
        request,
        context,
        AccessPhase.Failed,
        "AzureRefused",
        "Azure refused to open the ports: " + error.describe(),
        null);
  }

  private UpdateControl<JitAccessRequest> waitForPolicy(
      JitAccessRequest request, Context<JitAccessRequest> context, JitPolicy policy) {
    var status = copyOf(request.getStatus());
    String ready =
        Conditions.find(
                policy.getStatus() == null ? null : policy.getStatus().getConditions(), "Ready")
            .map(c -> c.getReason() + ": " + c.getMessage())
            .orElse("not reconciled yet");
    status.setPhase(AccessPhase.Pending);
    status.setObservedGeneration(request.getMetadata().getGeneration());
    setCondition(
        status,
        request,
        VALIDATED,
        false,
        "PolicyNotReady",
        "JitPolicy "
            + policyName(request)
            + " has not yet put virtual machine "
            + request.getSpec().getVirtualMachine()
            + " into Azure ("
            + ready
            + "). The request waits for it.");
    writeIfChanged(request, context, status);
    return UpdateControl.<JitAccessRequest>noUpdate().rescheduleAfter(PENDING_RECHECK);
  }

  /** Ends the request in a finished phase, with a reason and message on condition Active. */
  private UpdateControl<JitAccessRequest> finish(
      JitAccessRequest request,
      Context<JitAccessRequest> context,
      AccessPhase phase,
      String reason,
      String message,
      Instant closesBy) {
    var status = copyOf(request.getStatus());
    Instant now = clock.instant();
    status.setPhase(phase);
    status.setObservedGeneration(request.getMetadata().getGeneration());
    status.setFinishedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
    if (closesBy != null) {
      status.setClosesBy(closesBy.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    setCondition(status, request, ACTIVE, false, reason, message);
    JitAccessRequest finished = write(request, context, status);
    return finished(finished, context);
  }

  /** Writes status, caching the result so the next reconcile sees it; announces phase changes. */
  private JitAccessRequest write(
      JitAccessRequest request, Context<JitAccessRequest> context, JitAccessRequestStatus status) {
    AccessPhase before = phaseOf(request);
    JitAccessRequest written =
        PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
            request, withStatus(request, status), context);
    if (status.getPhase() != null && status.getPhase() != before) {
      announce(written, status);
    }
    return written;
  }

  private void writeIfChanged(
      JitAccessRequest request, Context<JitAccessRequest> context, JitAccessRequestStatus status) {
    if (!sameStatus(request.getStatus(), status)) {
      write(request, context, status);
    }
  }

  private void announce(JitAccessRequest request, JitAccessRequestStatus status) {
    var condition =
        Conditions.find(status.getConditions(), ACTIVE)
            .or(() -> Conditions.find(status.getConditions(), VALIDATED));
    String message = condition.map(c -> c.getMessage()).orElse(status.getPhase().name());
    String reason = condition.map(c -> c.getReason()).orElse(status.getPhase().name());
    log.info("Phase {}: {}", status.getPhase(), message);
    metrics.entered(status.getPhase());
    boolean warning =
        status.getPhase() == AccessPhase.Denied || status.getPhase() == AccessPhase.Failed;
    if (warning) {
      events.warning(request, reason, message);
    } else {
      events.normal(request, status.getPhase().name(), message);
    }
  }

  private Optional<AccessRequestRecord> findInAzure(JitAccessRequest request, String token) {
    return reads
        .fresh(keyOf(request))
        .flatMap(policy -> policy.requestMarked(AzureJustification.marker(token)));
  }

  private void describeAzureRequest(JitAccessRequestStatus status, AccessRequestRecord record) {
    var reference = new AzureRequestReference();
    reference.setPolicyId(status.getAzureRequest().getPolicyId());
    reference.setVirtualMachineId(status.getAzureRequest().getVirtualMachineId());
    status.setAzureRequest(reference);
    reference.setStartTimeUtc(text(record.startTime()));
    reference.setRequestor(record.requestor());
    reference.setJustification(record.justification());
    status.setStartTime(text(record.startTime()));
    earliestEnd(record)
        .ifPresent(
            end -> {
              if (status.getExpiresAt() == null) {
                status.setExpiresAt(end.truncatedTo(ChronoUnit.SECONDS).toString());
              }
            });
    status.setPorts(
        record.ports().stream()
            .sorted(Comparator.comparingInt(AccessRequestRecord.Port::number))
            .map(
                p -> {
                  var port = new AccessPortStatus();
                  port.setNumber(p.number());
                  port.setStatus(p.status() == null ? null : p.status().toString());
                  port.setStatusReason(
                      p.statusReason() == null ? null : p.statusReason().toString());
                  port.setEndTimeUtc(text(p.endTime()));
                  return port;
                })
            .toList());
  }

  private Duration untilNextLook(JitAccessRequest request) {
    Duration untilExpiry =
        Duration.between(clock.instant(), Instant.parse(request.getStatus().getExpiresAt()));
    Duration next =
        untilExpiry.compareTo(settings.activeRecheck()) < 0
            ? untilExpiry
            : settings.activeRecheck();
    return next.isNegative() ? Duration.ZERO : next;
  }

  private static Optional<Instant> earliestEnd(AccessRequestRecord record) {
    return record.ports().stream()
        .map(AccessRequestRecord.Port::endTime)
        .filter(Objects::nonNull)
        .map(OffsetDateTime::toInstant)
        .min(Comparator.naturalOrder());
  }

  private InitiateRequest initiateRequest(
      JitAccessRequest request, Instant end, String justification) {
    var spec = request.getSpec();
    var endUtc = end.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
    var ports =
        spec.getPorts().stream()
            .map(n -> new InitiateRequest.Port(n, spec.getSourceAddressPrefix(), endUtc))
            .toList();
    return new InitiateRequest(
        List.of(
            new InitiateRequest.VirtualMachine(
                request.getStatus().getAzureRequest().getVirtualMachineId(), ports)),
        justification);
  }

  private static boolean appliedInAzure(JitPolicy policy, String vmId) {
    var status = policy.getStatus();
    return status != null
        && Objects.equals(status.getObservedGeneration(), policy.getMetadata().getGeneration())
        && status.getAppliedVirtualMachines() != null
        && status.getAppliedVirtualMachines().stream().anyMatch(vmId::equalsIgnoreCase);
  }

  private static List<String> appliedOf(JitPolicy policy) {
    return policy.getStatus() == null ? null : policy.getStatus().getAppliedVirtualMachines();
  }

  private static AzurePolicyKey keyOf(JitAccessRequest request) {
    return AzurePolicyKey.parse(request.getStatus().getAzureRequest().getPolicyId());
  }

  private static AccessPhase phaseOf(JitAccessRequest request) {
    return request.getStatus() == null || request.getStatus().getPhase() == null
        ? AccessPhase.Pending
        : request.getStatus().getPhase();
  }

  private static String policyName(JitAccessRequest request) {
    return request.getSpec().getPolicyRef().getName();
  }

  private static String policyNamespace(JitAccessRequest request) {
    String namespace = request.getSpec().getPolicyRef().getNamespace();
    return namespace != null ? namespace : request.getMetadata().getNamespace();
  }

  private static String policyIndexKey(JitAccessRequest request) {
    return policyNamespace(request) + "/" + policyName(request);
  }

  private static String portList(JitAccessRequest request) {
    return request.getSpec().getPorts().stream()
        .map(String::valueOf)
        .collect(Collectors.joining(", "));
  }

  private static String text(OffsetDateTime time) {
    return time == null ? null : time.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static boolean sameStatus(JitAccessRequestStatus a, JitAccessRequestStatus b) {
    return a != null
        && a.getPhase() == b.getPhase()
        && Objects.equals(a.getConditions(), b.getConditions());
  }

  private static JitAccessRequestStatus copyOf(JitAccessRequestStatus status) {
    return status == null ? new JitAccessRequestStatus() : status.copy();
  }

  private static JitAccessRequest withStatus(
      JitAccessRequest request, JitAccessRequestStatus status) {
    return StatusPatches.carrying(request, status, JitAccessRequest::new);
  }

  private void setCondition(
      JitAccessRequestStatus status,
      JitAccessRequest request,
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
            request.getMetadata().getGeneration(),
            clock.instant()));
  }
}
