package io.azurejit.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azurejit.emulator.EmulatorOptions;
import io.azurejit.emulator.Fault;
import io.azurejit.emulator.JitEmulator;
import io.azurejit.emulator.TlsMaterial;
import io.azurejit.emulator.VirtualMachine;
import io.azurejit.operator.azure.PolicyVirtualMachine.PolicyPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed ARM client against the emulator over real HTTPS, through azure-core's pipeline. */
class ArmJitClientTest {

  static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
  static final AzurePolicyKey KEY =
      new AzurePolicyKey(SUBSCRIPTION, "rg-apps", "westeurope", "default");
  static final String VM = KEY.virtualMachineId("vm-web-1");

  static JitEmulator emulator;
  @TempDir static Path dir;
  static Path caFile;
  SimpleMeterRegistry metrics;
  ArmJitClient client;

  @BeforeAll
  static void startEmulator() throws IOException {
    var vms =
        List.of(
            new VirtualMachine(VM, "10.0.0.4", "nsg-web"),
            new VirtualMachine(KEY.virtualMachineId("vm-web-2"), "10.0.0.5", "nsg-web"),
            new VirtualMachine(
                new AzurePolicyKey(SUBSCRIPTION, "rg-data", "northeurope", "default")
                    .virtualMachineId("vm-db-1"),
                "10.1.0.4",
                "nsg-db"));
    emulator =
        JitEmulator.start(
            EmulatorOptions.defaults().withPageSize(1).withShuffleHistory(true), 0, vms);
    caFile = dir.resolve("emulator-ca.pem");
    Files.writeString(caFile, emulator.caCertificatePem());
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void freshState() {
    emulator.reset();
    metrics = new SimpleMeterRegistry();
    client = connection(caFile).client(metrics);
  }

  @Test
  void putReplacesTheDocumentAndGetReadsItBack() {
    var stored = client.put(KEY, List.of(sshOn(VM, "10.0.0.0/24")));

    assertThat(stored.id()).isEqualToIgnoringCase(KEY.resourceId());
    assertThat(stored.location()).isEqualTo("westeurope");
    assertThat(stored.properties().provisioningState()).isEqualTo("Succeeded");
    var read = client.get(KEY).orElseThrow();
    assertThat(read.virtualMachines()).hasSize(1);
    assertThat(read.virtualMachines().get(0).ports().get(0).allowedSources())
        .containsExactly("10.0.0.0/24");
    assertThat(read.requests()).isEmpty();
  }

  @Test
  void getOfAMissingPolicyIsEmptyNotAnError() {
    assertThat(client.get(KEY)).isEmpty();
  }

  @Test
  void deleteAnswersWhetherThePolicyExisted() {
    client.put(KEY, List.of(sshOn(VM, "*")));

    assertThat(client.delete(KEY)).isTrue();
    assertThat(client.delete(KEY)).isFalse();
    assertThat(client.get(KEY)).isEmpty();
  }

  @Test
  void listsFollowNextLinkAcrossPagesAtEveryScope() {
    client.put(KEY, List.of(sshOn(VM, "*")));
    client.put(
        new AzurePolicyKey(SUBSCRIPTION, "rg-apps", "westeurope", "second"),
        List.of(sshOn(KEY.virtualMachineId("vm-web-2"), "*")));
    var data = new AzurePolicyKey(SUBSCRIPTION, "rg-data", "northeurope", "default");
    client.put(data, List.of(sshOn(data.virtualMachineId("vm-db-1"), "*")));

    assertThat(client.list(SUBSCRIPTION)).hasSize(3);
    assertThat(client.listByRegion(SUBSCRIPTION, "westeurope")).hasSize(2);
    assertThat(client.listByResourceGroup(SUBSCRIPTION, "rg-data"))
        .extracting(JitPolicyDocument::location)
        .containsExactly("northeurope");
    assertThat(client.listByResourceGroupAndRegion(SUBSCRIPTION, "RG-APPS", "westeurope"))
        .extracting(JitPolicyDocument::name)
        .containsExactlyInAnyOrder("default", "second");
    assertThat(emulator.calls()).containsEntry("list 200", 8L);
  }

  @Test
  void initiateOpensAndParsesTheInitiatingStatusOutsideTheSpecEnum() {
    client.put(KEY, List.of(sshOn(VM, "10.0.0.0/24")));

    var outcome = client.initiate(KEY, open(VM, 22, "10.0.0.7", "deploy [token-1]"));

    assertThat(outcome).isInstanceOf(InitiateOutcome.Opened.class);
    var port = ((InitiateOutcome.Opened) outcome).request().ports().get(0);
    assertThat(port.status()).isEqualTo(PortStatus.INITIATING);
    assertThat(port.statusReason()).isEqualTo(PortStatusReason.USER_REQUESTED);
    assertThat(port.allowedSourceAddressPrefix()).isEqualTo("10.0.0.7");
    var history = client.get(KEY).orElseThrow();
    assertThat(history.requestMarked("[token-1]")).isPresent();
    assertThat(history.requestMarked("[token-2]")).isEmpty();
  }

  @Test
  void initiateOutsideThePolicyIsRefusedWithAzuresMessage() {
    client.put(KEY, List.of(sshOn(VM, "10.0.0.0/24")));

    var outcome = client.initiate(KEY, open(VM, 22, "192.168.1.1", "outside"));

    assertThat(outcome).isInstanceOf(InitiateOutcome.Refused.class);
    var error = ((InitiateOutcome.Refused) outcome).error();
    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.getMessage()).contains("is not a subset of policy");
    assertThat(error.isTransient()).isFalse();
  }

  @Test
  void armErrorsCarryCodeMessageAndStatus() {
    emulator.faults().add(Fault.error("put", 403, "AuthorizationFailed", 1));
    emulator.faults().add(Fault.error("get", 409, "MissingSubscriptionRegistration", 1));

    assertThatThrownBy(() -> client.put(KEY, List.of(sshOn(VM, "*"))))
        .isInstanceOfSatisfying(
            AzureJitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("AuthorizationFailed");
              assertThat(e.describe()).startsWith("AuthorizationFailed (HTTP 403): ");
            });
    assertThatThrownBy(() -> client.get(KEY))
        .isInstanceOfSatisfying(
            AzureJitException.class,
            e -> assertThat(e.code()).isEqualTo("MissingSubscriptionRegistration"));
  }

  @Test
  void unknownVirtualMachineInAPutIsRefused() {
    assertThatThrownBy(
            () -> client.put(KEY, List.of(sshOn(KEY.virtualMachineId("vm-missing"), "*"))))
        .isInstanceOfSatisfying(
            AzureJitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.getMessage()).contains("vm-missing");
            });
  }

  @Test
  void throttlingIsRetriedAfterTheRetryAfterDelay() {
    emulator
        .faults()
        .add(new Fault("get", 429, "TooManyRequests", "Slow down.", 1, 1.0, 0, false, false, 1));

    long start = System.nanoTime();
    assertThat(client.get(KEY)).isEmpty();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(emulator.calls()).containsEntry("get 429", 1L).containsEntry("get 404", 1L);
    assertThat(metrics.counter("azurejit.arm.throttled", "operation", "get").count()).isEqualTo(1);
  }

  @Test
  void serverErrorsOnReadsAndWritesAreRetried() {
    emulator.faults().add(Fault.error("get", 500, null, 1));
    emulator.faults().add(Fault.error("put", 503, null, 1));

    client.put(KEY, List.of(sshOn(VM, "*")));
    assertThat(client.get(KEY)).isPresent();

    assertThat(metrics.counter("azurejit.arm.calls", "operation", "put", "status", "503").count())
        .isEqualTo(1);
    assertThat(metrics.counter("azurejit.arm.calls", "operation", "put", "status", "200").count())
        .isEqualTo(1);
    assertThat(metrics.timer("azurejit.arm.latency", "operation", "get").count()).isEqualTo(2);
  }

  @Test
  void aDroppedConnectionOnReadsIsRetried() {
    emulator.faults().add(new Fault("get", 0, null, null, 1, 1.0, 0, true, false, 0));

    assertThat(client.get(KEY)).isEmpty();
  }

  @Test
  void initiateThatFailsAfterOpeningIsUnknownAndNeverSentTwice() {
    client.put(KEY, List.of(sshOn(VM, "*")));
    emulator.faults().add(new Fault("initiate", 500, null, "Boom.", 1, 1.0, 0, false, true, 0));

    var outcome = client.initiate(KEY, open(VM, 22, "10.0.0.7", "[token-500]"));

    assertThat(outcome).isInstanceOf(InitiateOutcome.Unknown.class);
    assertThat(emulator.service().requestHistory()).hasSize(1);
    assertThat(client.get(KEY).orElseThrow().requestMarked("[token-500]")).isPresent();
  }

  @Test
  void initiateWhoseConnectionDropsIsUnknownAndNeverSentTwice() {
    client.put(KEY, List.of(sshOn(VM, "*")));
    emulator.faults().add(Fault.dropAfterEffect("initiate", 1));

    var outcome = client.initiate(KEY, open(VM, 22, "10.0.0.7", "[token-drop]"));

    assertThat(outcome).isInstanceOf(InitiateOutcome.Unknown.class);
    assertThat(((InitiateOutcome.Unknown) outcome).error().statusCode()).isZero();
    assertThat(emulator.service().requestHistory()).hasSize(1);
  }

  @Test
  void throttledInitiateIsRetriedBecauseAzureDidNothing() {
    client.put(KEY, List.of(sshOn(VM, "*")));
    emulator
        .faults()
        .add(new Fault("initiate", 429, null, "Slow down.", 1, 1.0, 0, false, false, 1));

    var outcome = client.initiate(KEY, open(VM, 22, "10.0.0.7", "[token-429]"));

    assertThat(outcome).isInstanceOf(InitiateOutcome.Opened.class);
    assertThat(emulator.service().requestHistory()).hasSize(1);
  }

  @Test
  void anEndpointSignedByAnotherCaIsRejected() throws IOException {
    Path otherCa = dir.resolve("other-ca.pem");
    Files.writeString(otherCa, TlsMaterial.generate().caCertificatePem());
    var untrusting = connection(otherCa).client(metrics);

    assertThatThrownBy(() -> untrusting.get(KEY))
        .isInstanceOfSatisfying(AzureJitException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageContaining("got no answer");
  }

  @Test
  void plainHttpIsRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () ->
                new ArmConnection(
                    URI.create("http://127.0.0.1:" + emulator.port()),
                    Credentials.fixedToken("t"),
                    null,
                    Duration.ofSeconds(5),
                    1,
                    Duration.ofMillis(10),
                    "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must use https");
  }

  static ArmConnection connection(Path ca) {
    return new ArmConnection(
        URI.create(emulator.baseUrl()),
        Credentials.fixedToken("test-token"),
        ca,
        Duration.ofSeconds(5),
        3,
        Duration.ofMillis(20),
        "azure-jit-operator-test");
  }

  static PolicyVirtualMachine sshOn(String vmId, String source) {
    return new PolicyVirtualMachine(
        vmId, List.of(new PolicyPort(22, "TCP", null, List.of(source), "PT3H")));
  }

  static InitiateRequest open(String vmId, int port, String source, String justification) {
    var end = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10);
    return new InitiateRequest(
        List.of(
            new InitiateRequest.VirtualMachine(
                vmId, List.of(new InitiateRequest.Port(port, source, end)))),
        justification);
  }
}
