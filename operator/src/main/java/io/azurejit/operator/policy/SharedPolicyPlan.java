package io.azurejit.operator.policy;

import io.azurejit.operator.api.DeletionPolicy;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.azure.PolicyVirtualMachine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The document one Azure JIT policy should hold when several JitPolicies share it: every entry a
 * live JitPolicy declares, plus every entry in Azure that no JitPolicy owns (someone else's, kept
 * as it is). A virtual machine declared by two JitPolicies goes to the older one; the younger gets
 * a conflict. JitPolicies being deleted contribute nothing; with deletionPolicy Orphan their
 * entries become someone else's and stay.
 *
 * @param desired the entries to hold, entries of others first
 * @param contributed ARM ids the reconciled JitPolicy contributes
 * @param conflicts for the reconciled JitPolicy: each virtual machine it lost, with the winner
 */
public record SharedPolicyPlan(
    List<PolicyVirtualMachine> desired, List<String> contributed, Map<String, String> conflicts) {

  private static final Comparator<JitPolicy> OLDEST_FIRST =
      Comparator.comparing((JitPolicy p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
          .thenComparing(SharedPolicyPlan::nameOf);

  /**
   * Plans the document.
   *
   * @param self the JitPolicy being reconciled
   * @param removingSelf whether {@code self} is being removed from the Azure policy
   * @param sharing every JitPolicy targeting the same Azure policy, {@code self} included or not
   * @param inAzure the entries Azure holds now
   */
  public static SharedPolicyPlan plan(
      JitPolicy self,
      boolean removingSelf,
      Collection<JitPolicy> sharing,
      List<PolicyVirtualMachine> inAzure) {
    Map<String, JitPolicy> byName = new LinkedHashMap<>();
    sharing.forEach(p -> byName.put(nameOf(p), p));
    byName.put(nameOf(self), self);

    Map<String, PolicyVirtualMachine> claimed = new LinkedHashMap<>();
    Map<String, String> claimedBy = new LinkedHashMap<>();
    Map<String, String> conflicts = new LinkedHashMap<>();
    List<JitPolicy> contributors =
        byName.values().stream()
            .filter(p -> !isDeleting(p) && !(removingSelf && p == self))
            .sorted(OLDEST_FIRST)
            .toList();
    for (JitPolicy contributor : contributors) {
      for (PolicyVirtualMachine entry : PolicyEntries.declared(contributor)) {
        String id = PolicyEntries.idOf(entry);
        String winner = claimedBy.putIfAbsent(id, nameOf(contributor));
        if (winner == null) {
          claimed.put(id, entry);
        } else if (contributor == self) {
          conflicts.put(entry.id(), winner);
        }
      }
    }

    Set<String> owned = new HashSet<>(claimed.keySet());
    for (JitPolicy policy : byName.values()) {
      if (!(isDeleting(policy) || (removingSelf && policy == self)) || releasesOnDelete(policy)) {
        owned.addAll(ownedBy(policy));
      }
    }

    List<PolicyVirtualMachine> desired = new ArrayList<>();
    inAzure.stream().filter(e -> !owned.contains(PolicyEntries.idOf(e))).forEach(desired::add);
    desired.addAll(claimed.values());
    List<String> contributed =
        claimed.values().stream()
            .filter(e -> nameOf(self).equals(claimedBy.get(PolicyEntries.idOf(e))))
            .map(PolicyVirtualMachine::id)
            .toList();
    return new SharedPolicyPlan(List.copyOf(desired), contributed, conflicts);
  }

  /** The entries of {@code desired} that the reconciled JitPolicy contributes. */
  public List<PolicyVirtualMachine> contributedEntries() {
    Set<String> ids = new HashSet<>();
    contributed.forEach(id -> ids.add(id.toLowerCase(Locale.ROOT)));
    return desired.stream().filter(e -> ids.contains(PolicyEntries.idOf(e))).toList();
  }

  private static Set<String> ownedBy(JitPolicy policy) {
    Set<String> ids = new HashSet<>();
    PolicyEntries.declared(policy).forEach(e -> ids.add(PolicyEntries.idOf(e)));
    if (policy.getStatus() != null && policy.getStatus().getAppliedVirtualMachines() != null) {
      policy
          .getStatus()
          .getAppliedVirtualMachines()
          .forEach(id -> ids.add(id.toLowerCase(Locale.ROOT)));
    }
    return ids;
  }

  private static boolean releasesOnDelete(JitPolicy policy) {
    return policy.getSpec().getDeletionPolicy() != DeletionPolicy.Orphan;
  }

  private static boolean isDeleting(JitPolicy policy) {
    return policy.getMetadata().getDeletionTimestamp() != null;
  }

  static String nameOf(JitPolicy policy) {
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }
}
