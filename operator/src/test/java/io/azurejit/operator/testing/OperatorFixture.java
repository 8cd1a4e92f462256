package io.azurejit.operator.testing;

import static org.awaitility.Awaitility.await;

import io.azurejit.emulator.EmulatorOptions;
import io.azurejit.emulator.JitEmulator;
import io.azurejit.emulator.VirtualMachine;
import io.azurejit.operator.api.Conditions;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.azure.ArmConnection;
import io.azurejit.operator.azure.ArmJitClient;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.Credentials;
import io.azurejit.operator.runtime.JitOperator;
import io.azurejit.operator.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The operator as it runs for real, in the test process: JOSDK controllers against a real
 * kube-apiserver, the typed ARM client over HTTPS to an embedded emulator.
 */
public final class OperatorFixture implements AutoCloseable {

  public static final AzurePolicyKey KEY =
      new AzurePolicyKey(
          JitPolicies.SUBSCRIPTION, JitPolicies.RESOURCE_GROUP, JitPolicies.LOCATION, "default");

  public final KubernetesClient client;
  public final JitEmulator emulator;
  public final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final Path caFile;
  private JitOperator operator;
  private String[] lastFlags = new String[0];

  private OperatorFixture(String kubeConfig, EmulatorOptions options) {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
    Crds.install(client);
    List<VirtualMachine> vms = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      vms.add(
          new VirtualMachine(KEY.virtualMachineId("vm-web-" + i), "10.0.0." + (3 + i), "nsg-web"));
    }
    emulator = JitEmulator.start(options, 0, vms);
    try {
      caFile = Files.createTempFile("emulator-ca", ".pem");
      Files.writeString(caFile, emulator.caCertificatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture whose emulator opens ports at once and neither throttles nor shuffles. */
  public static OperatorFixture create(String kubeConfig) {
    return new OperatorFixture(
        kubeConfig,
        EmulatorOptions.defaults()
            .withInitiatingDelay(Duration.ofMillis(300))
            .withThrottling(null));
  }

  /** Another writer of Azure, as the portal or a script would be; not the operator. */
  public ArmJitClient outOfBand() {
    return connection(0).client(new SimpleMeterRegistry());
  }

  private ArmConnection connection(int retries) {
    return new ArmConnection(
        URI.create(emulator.baseUrl()),
        Credentials.fixedToken("test"),
        caFile,
        Duration.ofSeconds(10),
        retries,
        Duration.ofMillis(50),
        "azure-jit-operator-test");
  }

  /** Starts the operator with test timings and these extra flags. */
  public void startOperator(String... flags) {
    lastFlags = flags;
    List<String> args =
        new ArrayList<>(
            List.of(
                "--leader-election=false",
                "--drift-period=PT3S",
                "--active-recheck=PT1S",
                "--initiating-recheck=PT0.3S",
                "--arm-retries=2"));
    args.addAll(List.of(flags));
    var settings = OperatorSettings.parse(args, Map.of());
    var azure = connection(settings.armRetries()).client(metrics);
    operator = JitOperator.start(settings, client, azure, metrics, Clock.systemUTC());
  }

  /** Starts the operator again after a test stopped it. */
  public void startOperatorIfStopped() {
    if (operator == null) {
      startOperator(lastFlags);
    }
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** A new namespace for one test, so tests do not see each other's resources. */
  public String newNamespace() {
    String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Namespace namespace =
        new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    client.resource(namespace).create();
    return name;
  }

  /** Waits until the JitPolicy reports Ready=True. */
  public void awaitReady(String namespace, String name) {
    Awaitility.await()
        .until(
            () -> {
              var policy =
                  client.resources(JitPolicy.class).inNamespace(namespace).withName(name).get();
              return policy != null
                  && policy.getStatus() != null
                  && Conditions.isTrue(policy.getStatus().getConditions(), "Ready");
            });
  }

  /** Successful PUTs the emulator has answered so far. */
  /** Deletes every resource of {@code kind} in the namespace and waits until they are gone. */
  public void deleteAll(Class<? extends HasMetadata> kind, String namespace) {
    client.resources(kind).inNamespace(namespace).delete();
    await().until(() -> client.resources(kind).inNamespace(namespace).list().getItems().isEmpty());
  }

  public long puts() {
    return emulator.calls().getOrDefault("put 200", 0L);
  }

  @Override
  public void close() {
    stopOperator();
    emulator.close();
    client.close();
  }
}
