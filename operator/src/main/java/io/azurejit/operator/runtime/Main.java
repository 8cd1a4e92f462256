package io.azurejit.operator.runtime;

import com.azure.core.credential.TokenCredential;
import io.azurejit.operator.azure.ArmConnection;
import io.azurejit.operator.azure.Credentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator from flags and environment; {@code --help} lists them. */
public final class Main {

  private static final String VERSION =
      String.valueOf(Main.class.getPackage().getImplementationVersion());

  private Main() {}

  public static void main(String[] args) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(OperatorSettings.usage());
      return;
    }
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(arguments, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("azure-jit-operator: " + e.getMessage());
      System.err.print(OperatorSettings.usage());
      System.exit(2);
      return;
    }
    configureLogging(settings);
    Logger log = LoggerFactory.getLogger(Main.class);

    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(KubernetesConfig.discover()).build();
    var lease =
        settings.leaseNamespace() != null ? settings.leaseNamespace() : ownNamespace(client);
    var effective =
        new OperatorSettings(
            settings.namespaces(),
            settings.armEndpoint(),
            settings.armCaFile(),
            settings.credential(),
            settings.credentialSecret(),
            settings.staticToken(),
            settings.driftPeriod(),
            settings.reconcileThreads(),
            settings.leaderElection(),
            settings.leaseName(),
            lease,
            settings.httpPort(),
            settings.logFormat(),
            settings.logLevel(),
            settings.armTimeout(),
            settings.armRetries(),
            settings.access());
    var azure =
        new ArmConnection(
                effective.armEndpoint(),
                credential(effective, client),
                effective.armCaFile(),
                effective.armTimeout(),
                effective.armRetries(),
                java.time.Duration.ofMillis(800),
                "azure-jit-operator/" + VERSION)
            .client(registry);
    var operator = JitOperator.start(effective, client, azure, registry, Clock.systemUTC());
    var endpoints =
        HttpEndpoints.start(
            effective.httpPort(), registry, operator::isHealthy, operator::isLeader);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping: letting running reconciliations finish");
                  operator.close();
                  endpoints.close();
                  client.close();
                },
                "shutdown"));
    log.info(
        "Azure JIT operator {} started: ARM {}, namespaces {}, leader election {}, http port {}",
        VERSION,
        effective.armEndpoint(),
        effective.namespaces().isEmpty() ? "all" : effective.namespaces(),
        effective.leaderElection()
            ? "on (lease " + lease + "/" + effective.leaseName() + ")"
            : "off",
        endpoints.port());
  }

  private static void configureLogging(OperatorSettings settings) {
    System.setProperty("azurejit.log.level", settings.logLevel());
    if (settings.logFormat().equals("json")) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }

  private static TokenCredential credential(OperatorSettings settings, KubernetesClient client) {
    return switch (settings.credential()) {
      case "token" -> {
        if (settings.staticToken() == null) {
          throw new IllegalArgumentException("--azure-credential=token needs --azure-token");
        }
        yield Credentials.fixedToken(settings.staticToken());
      }
      case "secret" -> fromSecret(settings.credentialSecret(), client);
      default -> Credentials.defaultChain();
    };
  }

  private static TokenCredential fromSecret(String reference, KubernetesClient client) {
    if (reference == null || !reference.contains("/")) {
      throw new IllegalArgumentException(
          "--azure-credential=secret needs --azure-credential-secret namespace/name");
    }
    String[] parts = reference.split("/", 2);
    Secret secret = client.secrets().inNamespace(parts[0]).withName(parts[1]).get();
    if (secret == null || secret.getData() == null) {
      throw new IllegalArgumentException("Secret " + reference + " does not exist or is empty");
    }
    return Credentials.clientSecret(
        decoded(secret, "tenantId"), decoded(secret, "clientId"), decoded(secret, "clientSecret"));
  }

  private static String decoded(Secret secret, String key) {
    String value = secret.getData().get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "Secret " + secret.getMetadata().getName() + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8).strip();
  }

  private static String ownNamespace(KubernetesClient client) {
    String pod = System.getenv("POD_NAMESPACE");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    return client.getNamespace() != null ? client.getNamespace() : "default";
  }
}
