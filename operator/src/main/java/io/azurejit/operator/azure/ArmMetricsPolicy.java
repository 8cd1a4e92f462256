package io.azurejit.operator.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * Counts every ARM attempt by operation and HTTP status, times it, and counts throttling. Placed
 * after the retry policy, so each retry is one more attempt; status {@code none} means no answer.
 */
final class ArmMetricsPolicy implements HttpPipelinePolicy {

  private final MeterRegistry registry;

  ArmMetricsPolicy(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    String operation = operation(context);
    long start = System.nanoTime();
    try {
      HttpResponse response = next.processSync();
      record(operation, Integer.toString(response.getStatusCode()), start);
      return response;
    } catch (RuntimeException e) {
      record(operation, "none", start);
      throw e;
    }
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    String operation = operation(context);
    long start = System.nanoTime();
    return next.process()
        .doOnNext(r -> record(operation, Integer.toString(r.getStatusCode()), start))
        .doOnError(e -> record(operation, "none", start));
  }

  private void record(String operation, String status, long startNanos) {
    Counter.builder("azurejit.arm.calls")
        .description("ARM calls by operation and HTTP status, each retry counted")
        .tag("operation", operation)
        .tag("status", status)
        .register(registry)
        .increment();
    Timer.builder("azurejit.arm.latency")
        .description("Time of one ARM call attempt")
        .tag("operation", operation)
        .register(registry)
        .record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (status.equals("429")) {
      Counter.builder("azurejit.arm.throttled")
          .description("ARM answers of 429 Too Many Requests")
          .tag("operation", operation)
          .register(registry)
          .increment();
    }
  }

  private static String operation(HttpPipelineCallContext context) {
    return context.getData(ArmJitClient.OPERATION_KEY).map(Object::toString).orElse("other");
  }
}
