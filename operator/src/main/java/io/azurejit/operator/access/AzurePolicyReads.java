package io.azurejit.operator.access;

import io.azurejit.operator.azure.AzureJit;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.JitPolicyDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads of Azure JIT policies shared by the requests that watch them: one GET of a policy answers
 * every active request in it, so thousands of open requests cost one read per policy per period,
 * not one per request.
 */
final class AzurePolicyReads {

  private final AzureJit azure;
  private final Clock clock;
  private final ConcurrentHashMap<AzurePolicyKey, Read> reads = new ConcurrentHashMap<>();

  AzurePolicyReads(AzureJit azure, Clock clock) {
    this.azure = azure;
    this.clock = clock;
  }

  /** The policy as Azure holds it now. */
  Optional<JitPolicyDocument> fresh(AzurePolicyKey key) {
    Instant now = clock.instant();
    Optional<JitPolicyDocument> document = azure.get(key);
    reads.put(key, new Read(now, document));
    return document;
  }

  /** The policy as read at most {@code maxAge} ago, reading it again when older. */
  Optional<JitPolicyDocument> recent(AzurePolicyKey key, Duration maxAge) {
    Read read = reads.get(key);
    if (read != null && read.at().plus(maxAge).isAfter(clock.instant())) {
      return read.document();
    }
    return fresh(key);
  }

  private record Read(Instant at, Optional<JitPolicyDocument> document) {}
}
