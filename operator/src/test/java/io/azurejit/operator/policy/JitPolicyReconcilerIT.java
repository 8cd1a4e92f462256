package io.azurejit.operator.policy;

import static io.azurejit.operator.testing.JitPolicies.port;
import static io.azurejit.operator.testing.JitPolicies.sshPolicy;
import static io.azurejit.operator.testing.OperatorFixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.azurejit.emulator.Fault;
import io.azurejit.operator.api.Conditions;
import io.azurejit.operator.api.DeletionPolicy;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.JitPolicyDocument;
import io.azurejit.operator.azure.PolicyVirtualMachine;
import io.azurejit.operator.azure.PolicyVirtualMachine.PolicyPort;
import io.azurejit.operator.testing.OperatorFixture;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JitPolicy controller against a real kube-apiserver and the Azure emulator. */
@EnableKubeAPIServer
class JitPolicyReconcilerIT {

  @KubeConfig static String kubeConfig;
  static OperatorFixture fixture;
  String namespace;

  @BeforeAll
  static void startOperator() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    fixture = OperatorFixture.create(kubeConfig);
    fixture.startOperator();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void freshNamespaceAndAzure() {
    namespace = fixture.newNamespace();
    fixture.emulator.faults().clear();
  }

  @AfterEach
  void deletePolicies() {
    fixture.deleteAll(JitPolicy.class, namespace);
  }

  @Test
  void policyIsWrittenToAzureUpdatedAndRemovedOnDelete() {
    var key = key("lifecycle");
    var policy = sshPolicy(namespace, "web", "vm-web-1");
    policy.getSpec().getAzure().setPolicyName(key.policyName());
    fixture.client.resource(policy).create();

    awaitReady("web");
    assertThat(ports(azure(key), "vm-web-1")).containsExactly(22);
    var status = get("web").getStatus();
    assertThat(status.getAzurePolicyId()).isEqualToIgnoringCase(key.resourceId());
    assertThat(status.getVirtualMachineCount()).isEqualTo(1);
    assertThat(Conditions.isTrue(status.getConditions(), "Synced")).isTrue();

    edit(
        "web",
        p -> p.getSpec().getVirtualMachines().get(0).getPorts().add(port(3389, "10.0.0.0/24")));
    await()
        .untilAsserted(
            () -> assertThat(ports(azure(key), "vm-web-1")).containsExactlyInAnyOrder(22, 3389));

    fixture.client.resource(get("web")).delete();
    await().until(() -> get("web") == null);
    assertThat(fixture.outOfBand().get(key)).isEmpty();
  }

  @Test
  void jitPoliciesSharingAnAzurePolicyKeepEachOtherAndForeignEntries() {
    var key = key("shared");
    fixture.outOfBand().put(key, List.of(ssh(key.virtualMachineId("vm-web-9"))));
    createPolicy("team-a", key, "vm-web-1");
    createPolicy("team-b", key, "vm-web-2");

    awaitReady("team-a");
    awaitReady("team-b");
    await()
        .untilAsserted(
            () ->
                assertThat(vmNames(azure(key)))
                    .containsExactlyInAnyOrder("vm-web-9", "vm-web-1", "vm-web-2"));

    edit("team-a", p -> p.getSpec().getVirtualMachines().get(0).setName("vm-web-3"));
    await()
        .untilAsserted(
            () ->
                assertThat(vmNames(azure(key)))
                    .containsExactlyInAnyOrder("vm-web-9", "vm-web-3", "vm-web-2"));

    fixture.client.resource(get("team-a")).delete();
    await()
        .untilAsserted(
            () ->
                assertThat(vmNames(azure(key))).containsExactlyInAnyOrder("vm-web-9", "vm-web-2"));

    fixture.client.resource(get("team-b")).delete();
    await().untilAsserted(() -> assertThat(vmNames(azure(key))).containsExactly("vm-web-9"));
  }

  @Test
  void driftMadeInAzureIsCorrectedAndReportedAndAnUnchangedSpecWritesNothing() {
    var key = key("drift");
    createPolicy("web", key, "vm-web-1");
    awaitReady("web");
    long putsBefore = fixture.puts();

    fixture.client.resource(get("web")).patch();
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.puts() == putsBefore);

    fixture.outOfBand().put(key, List.of(ssh(key.virtualMachineId("vm-web-1"), "*")));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(azure(key).virtualMachines().get(0).ports().get(0).allowedSources())
                    .containsExactly("10.0.0.0/24"));
    await()
        .untilAsserted(
            () -> assertThat(events("web")).anyMatch(e -> e.getReason().equals("DriftCorrected")));
  }

  @Test
  void theLaterOfTwoJitPoliciesClaimingOneVmGetsAConflictUntilTheEarlierGoes() {
    var key = key("conflict");
    createPolicy("first", key, "vm-web-1");
    awaitReady("first");
    createPolicy("second", key, "vm-web-1");

    await()
        .untilAsserted(
            () -> {
              Condition ready = readyCondition("second").orElseThrow();
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("Conflict");
              assertThat(ready.getMessage()).contains("vm-web-1").contains(namespace + "/first");
            });
    assertThat(readyCondition("first").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(vmNames(azure(key))).containsExactly("vm-web-1");

    fixture.client.resource(get("first")).delete();

    awaitReady("second");
    assertThat(vmNames(azure(key))).containsExactly("vm-web-1");
  }

  @Test
  void azureRefusalIsExplainedInStatusAndClearsOnceAzureAccepts() {
    var key = key("refused");
    fixture.emulator.faults().add(Fault.error("put", 403, "AuthorizationFailed", 1));
    createPolicy("web", key, "vm-web-1");

    await()
        .untilAsserted(
            () -> {
              Condition ready = readyCondition("web").orElseThrow();
              assertThat(ready.getReason()).isEqualTo("AzureRefused");
              assertThat(ready.getMessage()).contains("AuthorizationFailed").contains("HTTP 403");
            });
    awaitReady("web");
    assertThat(vmNames(azure(key))).containsExactly("vm-web-1");
  }

  @Test
  void unknownVirtualMachineIsReportedWithAzuresMessage() {
    var key = key("unknown-vm");
    createPolicy("web", key, "vm-missing");

    await()
        .untilAsserted(
            () -> {
              Condition ready = readyCondition("web").orElseThrow();
              assertThat(ready.getReason()).isEqualTo("AzureRefused");
              assertThat(ready.getMessage()).contains("vm-missing").contains("was not found");
            });
  }

  @Test
  void serverErrorsAndThrottlingAreRetriedUntilAzureAnswers() {
    var key = key("flaky");
    fixture.emulator.faults().add(Fault.error("put", 500, null, 4));
    fixture
        .emulator
        .faults()
        .add(new Fault("get", 429, "TooManyRequests", "Slow down.", 2, 1.0, 0, false, false, 1));
    createPolicy("web", key, "vm-web-1");

    awaitReady("web");
    assertThat(vmNames(azure(key))).containsExactly("vm-web-1");
    assertThat(fixture.emulator.calls()).containsKey("put 500");
  }

  @Test
  void orphanDeletionLeavesAzureAsItIs() {
    var key = key("orphan");
    var policy = createPolicy("web", key, "vm-web-1");
    awaitReady("web");
    edit("web", p -> p.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));

    fixture.client.resource(get("web")).delete();

    await().until(() -> get("web") == null);
    assertThat(vmNames(azure(key))).containsExactly("vm-web-1");
    assertThat(policy).isNotNull();
  }

  private AzurePolicyKey key(String policyName) {
    return new AzurePolicyKey(
        KEY.subscriptionId(), KEY.resourceGroup(), KEY.location(), policyName + "-" + namespace);
  }

  private JitPolicy createPolicy(String name, AzurePolicyKey key, String vm) {
    var policy = sshPolicy(namespace, name, vm);
    policy.getSpec().getAzure().setPolicyName(key.policyName());
    return fixture.client.resource(policy).create();
  }

  private JitPolicy get(String name) {
    return fixture.client.resources(JitPolicy.class).inNamespace(namespace).withName(name).get();
  }

  private void edit(String name, java.util.function.Consumer<JitPolicy> change) {
    fixture
        .client
        .resources(JitPolicy.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            p -> {
              change.accept(p);
              return p;
            });
  }

  private Optional<Condition> readyCondition(String name) {
    var policy = get(name);
    return policy == null || policy.getStatus() == null
        ? Optional.empty()
        : Conditions.find(policy.getStatus().getConditions(), "Ready");
  }

  private void awaitReady(String name) {
    fixture.awaitReady(namespace, name);
  }

  private List<Event> events(String name) {
    return fixture.client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name))
        .toList();
  }

  private static JitPolicyDocument azure(AzurePolicyKey key) {
    return fixture.outOfBand().get(key).orElseThrow();
  }

  private static List<String> vmNames(JitPolicyDocument document) {
    return document.virtualMachines().stream().map(PolicyChange::name).toList();
  }

  private static List<Integer> ports(JitPolicyDocument document, String vm) {
    return document.virtualMachines().stream()
        .filter(v -> PolicyChange.name(v).equals(vm))
        .flatMap(v -> v.ports().stream())
        .map(PolicyPort::number)
        .toList();
  }

  private static PolicyVirtualMachine ssh(String vmId) {
    return ssh(vmId, "*");
  }

  private static PolicyVirtualMachine ssh(String vmId, String source) {
    return new PolicyVirtualMachine(vmId, List.of(new PolicyPort(22, "TCP", source, null, "PT3H")));
  }
}
