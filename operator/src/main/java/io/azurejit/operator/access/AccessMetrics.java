package io.azurejit.operator.access;

import io.azurejit.operator.api.AccessPhase;
import io.azurejit.operator.api.JitAccessRequest;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * JitAccessRequest metrics: requests by phase (read from the informer cache when scraped), phase
 * transitions, and the time from creation to Active.
 */
public final class AccessMetrics {

  private final MeterRegistry registry;
  private final Timer timeToActive;

  public AccessMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.timeToActive =
        Timer.builder("azurejit.access.time.to.active")
            .description("Time from a JitAccessRequest's creation until its ports were open")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
  }

  /** Publishes the number of requests per phase from the controller's cache. */
  void watch(IndexedResourceCache<JitAccessRequest> cache) {
    for (AccessPhase phase : AccessPhase.values()) {
      Gauge.builder("azurejit.access.requests", cache, c -> count(c, phase))
          .description("JitAccessRequests by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  void opened(JitAccessRequest request, Instant now) {
    Instant created = Instant.parse(request.getMetadata().getCreationTimestamp());
    Duration elapsed = Duration.between(created, now);
    if (!elapsed.isNegative()) {
      timeToActive.record(elapsed);
    }
  }

  void entered(AccessPhase phase) {
    Counter.builder("azurejit.access.transitions")
        .description("JitAccessRequests entering a phase")
        .tag("phase", phase.name())
        .register(registry)
        .increment();
  }

  private static double count(IndexedResourceCache<JitAccessRequest> cache, AccessPhase phase) {
    return cache
        .list(
            r -> {
              AccessPhase current =
                  r.getStatus() == null || r.getStatus().getPhase() == null
                      ? AccessPhase.Pending
                      : r.getStatus().getPhase();
              return current == phase;
            })
        .count();
  }
}
