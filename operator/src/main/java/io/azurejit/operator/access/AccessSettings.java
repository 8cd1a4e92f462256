package io.azurejit.operator.access;

import java.time.Duration;

/**
 * Timing of JitAccessRequests.
 *
 * @param revokeWindow how far ahead the superseding request of an early close ends; the shortest
 *     window Azure is asked for
 * @param activeRecheck how often Azure is read while a request is open, to notice an early close in
 *     Azure; a request is always looked at again at its expiry
 * @param initiatingRecheck how soon Azure is read again while it reports a port as Initiating
 */
public record AccessSettings(
    Duration revokeWindow, Duration activeRecheck, Duration initiatingRecheck) {

  /** One-minute revoke window, a five-minute active recheck, two seconds while Initiating. */
  public static AccessSettings defaults() {
    return new AccessSettings(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofSeconds(2));
  }
}
