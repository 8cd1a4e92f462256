package io.azurejit.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM's request throttling: a token bucket per subscription, principal and kind of operation. Each
 * admitted request takes a token; an empty bucket answers 429 with Retry-After.
 */
final class Throttling {

  /** The kinds of operations ARM counts separately. */
  enum Kind {
    READS,
    WRITES,
    DELETES;

    String header() {
      return "x-ms-ratelimit-remaining-subscription-" + name().toLowerCase();
    }
  }

  /** The outcome of taking a token: how many remain, or how long to wait. */
  record Admission(boolean admitted, long remaining, long retryAfterSeconds) {}

  private final ThrottleLimits limits;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  Throttling(ThrottleLimits limits) {
    this.limits = limits;
  }

  Admission admit(String subscriptionId, String principal, Kind kind) {
    if (limits == null) {
      return new Admission(true, capacity(ThrottleLimits.ARM, kind) - 1, 0);
    }
    Bucket bucket =
        buckets.computeIfAbsent(
            subscriptionId.toLowerCase() + "|" + principal + "|" + kind,
            k -> new Bucket(capacity(limits, kind), refill(limits, kind)));
    return bucket.take();
  }

  void reset() {
    buckets.clear();
  }

  private static int capacity(ThrottleLimits limits, Kind kind) {
    return switch (kind) {
      case READS -> limits.readCapacity();
      case WRITES -> limits.writeCapacity();
      case DELETES -> limits.deleteCapacity();
    };
  }

  private static int refill(ThrottleLimits limits, Kind kind) {
    return switch (kind) {
      case READS -> limits.readRefillPerSecond();
      case WRITES -> limits.writeRefillPerSecond();
      case DELETES -> limits.deleteRefillPerSecond();
    };
  }

  private static final class Bucket {
    private final int capacity;
    private final int refillPerSecond;
    private double tokens;
    private long lastRefillNanos = System.nanoTime();

    Bucket(int capacity, int refillPerSecond) {
      this.capacity = capacity;
      this.refillPerSecond = refillPerSecond;
      this.tokens = capacity;
    }

    synchronized Admission take() {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - lastRefillNanos) / 1e9 * refillPerSecond);
      lastRefillNanos = now;
      if (tokens < 1) {
        long wait = (long) Math.ceil((1 - tokens) / refillPerSecond);
        return new Admission(false, 0, Math.max(1, wait));
      }
      tokens -= 1;
      return new Admission(true, (long) tokens, 0);
    }
  }
}
