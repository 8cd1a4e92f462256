package io.azurejit.operator.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about a resource, as {@code kubectl describe} shows them. Events are
 * written in the background, so a reconciliation never waits for one; an Event that cannot be
 * written, or that finds a full queue under a burst, is logged and dropped: Events are a courtesy,
 * never a reason to fail or to slow down.
 */
public final class EventRecorder implements AutoCloseable {

  /** The component name Events carry. */
  public static final String COMPONENT = "azure-jit-operator";

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  /** As many Events as client-go's broadcaster holds before it drops them. */
  private static final int QUEUE = 1_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final ThreadPoolExecutor writer =
      new ThreadPoolExecutor(
          2,
          2,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(QUEUE),
          runnable -> {
            var thread = new Thread(runnable, "event-recorder");
            thread.setDaemon(true);
            return thread;
          });

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A Normal Event. */
  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  /** A Warning Event: something a person may need to act on. */
  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var metadata = about.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(metadata.getNamespace())
            .withName(metadata.getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(about.getApiVersion())
                    .withKind(about.getKind())
                    .withNamespace(metadata.getNamespace())
                    .withName(metadata.getName())
                    .withUid(metadata.getUid())
                    .withResourceVersion(metadata.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      writer.execute(() -> write(event));
    } catch (RejectedExecutionException e) {
      log.debug("Event {} dropped: {} Events are waiting to be written", reason, QUEUE);
    }
  }

  private void write(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn("Event {} not recorded: {}", event.getReason(), e.getMessage());
    }
  }

  /** Writes what is queued, for up to five seconds, then stops. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
