package io.azurejit.operator.policy;

import io.azurejit.operator.azure.AzureJit;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.JitPolicyDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last document read from or written to each Azure policy. Every write of the operator goes
 * through here, so a snapshot differs from Azure only by what others changed since; the JitPolicies
 * sharing one Azure policy therefore share one read per drift period instead of one each. Callers
 * hold the policy's lock.
 */
final class AzurePolicySnapshots {

  private final AzureJit azure;
  private final Clock clock;
  private final ConcurrentHashMap<AzurePolicyKey, Snapshot> snapshots = new ConcurrentHashMap<>();

  AzurePolicySnapshots(AzureJit azure, Clock clock) {
    this.azure = azure;
    this.clock = clock;
  }

  /** The document as seen at most {@code maxAge} ago, read again when older. */
  Snapshot recent(AzurePolicyKey key, Duration maxAge) {
    Snapshot snapshot = snapshots.get(key);
    if (snapshot != null && snapshot.at().plus(maxAge).isAfter(clock.instant())) {
      return new Snapshot(snapshot.at(), snapshot.document(), false);
    }
    return fresh(key);
  }

  /** The document as Azure holds it now. */
  Snapshot fresh(AzurePolicyKey key) {
    try {
      return remember(key, azure.get(key), true);
    } catch (RuntimeException e) {
      snapshots.remove(key);
      throw e;
    }
  }

  /** Records what a successful write left in Azure. */
  void written(AzurePolicyKey key, Optional<JitPolicyDocument> document) {
    remember(key, document, false);
  }

  /** Forgets a policy after a failed write, whose effect is unknown. */
  void forget(AzurePolicyKey key) {
    snapshots.remove(key);
  }

  private Snapshot remember(
      AzurePolicyKey key, Optional<JitPolicyDocument> document, boolean read) {
    // The request history can hold thousands of entries and no JitPolicy needs it.
    var snapshot =
        new Snapshot(clock.instant(), document.map(JitPolicyDocument::withoutRequests), read);
    snapshots.put(key, snapshot);
    return snapshot;
  }

  /**
   * One document and when it was seen.
   *
   * @param at when it was read or written
   * @param document the policy, or empty when Azure has none
   * @param fresh whether it was read from Azure for this caller rather than remembered
   */
  record Snapshot(Instant at, Optional<JitPolicyDocument> document, boolean fresh) {}
}
