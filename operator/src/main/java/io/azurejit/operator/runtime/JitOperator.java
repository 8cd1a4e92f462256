package io.azurejit.operator.runtime;

import io.azurejit.operator.access.AccessMetrics;
import io.azurejit.operator.access.JitAccessRequestReconciler;
import io.azurejit.operator.azure.AzureJit;
import io.azurejit.operator.policy.AzurePolicyLocks;
import io.azurejit.operator.policy.JitPolicyReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: both controllers registered with one JOSDK {@link Operator}, JOSDK's
 * reconciliation metrics (without per-resource tags) and, when enabled, leader election.
 */
public final class JitOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JitOperator.class);

  private final Operator operator;
  private final EventRecorder events;
  private final AtomicBoolean leader = new AtomicBoolean();

  private JitOperator(
      OperatorSettings settings,
      KubernetesClient client,
      AzureJit azure,
      MeterRegistry registry,
      Clock clock) {
    boolean electing = settings.leaderElection();
    leader.set(!electing);
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(20));
              if (electing) {
                o.withLeaderElectionConfiguration(leaderElection(settings));
              }
            });
    events = new EventRecorder(client, clock);
    operator.register(
        new JitPolicyReconciler(
            azure, new AzurePolicyLocks(), events, settings.driftPeriod(), clock),
        c -> configure(c, settings));
    operator.register(
        new JitAccessRequestReconciler(
            azure, events, settings.access(), new AccessMetrics(registry), clock),
        c -> configure(c, settings));
  }

  private static <R extends HasMetadata> void configure(
      ControllerConfigurationOverrider<R> controller, OperatorSettings settings) {
    controller.withItemStore(new CompactItemStore<>());
    if (!settings.namespaces().isEmpty()) {
      controller.settingNamespaces(settings.namespaces());
    }
  }

  /** Registers the controllers and starts them (or starts competing for the lease). */
  public static JitOperator start(
      OperatorSettings settings,
      KubernetesClient client,
      AzureJit azure,
      MeterRegistry registry,
      Clock clock) {
    var running = new JitOperator(settings, client, azure, registry, clock);
    running.operator.start();
    return running;
  }

  /** Whether this replica is the one that reconciles (always, without leader election). */
  public boolean isLeader() {
    return leader.get();
  }

  /** Whether the controllers have started and every informer is connected. */
  public boolean isHealthy() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  private LeaderElectionConfiguration leaderElection(OperatorSettings settings) {
    var callbacks =
        new LeaderCallbacks(
            () -> {
              leader.set(true);
              log.info("Became leader; reconciling");
            },
            () -> {
              leader.set(false);
              log.warn("Lost the lease; stopping so that only the new leader writes to Azure");
            },
            newLeader -> log.info("Leader is {}", newLeader));
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        callbacks,
        true);
  }

  @Override
  public void close() {
    operator.stop();
    events.close();
  }
}
