package io.azurejit.operator.access;

import static io.azurejit.operator.testing.AccessRequests.ssh;
import static io.azurejit.operator.testing.JitPolicies.port;
import static io.azurejit.operator.testing.JitPolicies.sshPolicy;
import static io.azurejit.operator.testing.JitPolicies.vmRule;
import static io.azurejit.operator.testing.OperatorFixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.azurejit.emulator.Fault;
import io.azurejit.emulator.NsgRule;
import io.azurejit.operator.api.AccessPhase;
import io.azurejit.operator.api.AccessRules;
import io.azurejit.operator.api.AzureRequestReference;
import io.azurejit.operator.api.Conditions;
import io.azurejit.operator.api.JitAccessRequest;
import io.azurejit.operator.api.JitAccessRequestStatus;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.InitiateRequest;
import io.azurejit.operator.testing.OperatorFixture;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JitAccessRequest controller against a real kube-apiserver and the Azure emulator. */
@EnableKubeAPIServer
class JitAccessRequestReconcilerIT {

  @KubeConfig static String kubeConfig;
  static OperatorFixture fixture;
  String namespace;
  AzurePolicyKey key;

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
  void policyReady() {
    namespace = fixture.newNamespace();
    fixture.emulator.faults().clear();
    fixture.emulator.clock().reset();
    key = new AzurePolicyKey(KEY.subscriptionId(), KEY.resourceGroup(), KEY.location(), namespace);
    var policy = sshPolicy(namespace, "ssh", "vm-web-1");
    policy.getSpec().getAzure().setPolicyName(key.policyName());
    policy.getSpec().getVirtualMachines().get(0).getPorts().add(port(3389, "10.0.0.0/24"));
    policy.getSpec().getVirtualMachines().add(vmRule("vm-web-2", port(22, "10.0.0.0/24")));
    var limits = new AccessRules();
    limits.setMaxDuration("PT1H");
    policy.getSpec().setAccess(limits);
    fixture.client.resource(policy).create();
    fixture.awaitReady(namespace, "ssh");
  }

  @AfterEach
  void cleanUp() {
    fixture.startOperatorIfStopped();
    fixture.deleteAll(JitAccessRequest.class, namespace);
    fixture.client.resources(JitPolicy.class).inNamespace(namespace).delete();
  }

  @Test
  void requestOpensUntilItsExpiryAndTheAllowRuleGoesWithIt() {
    var created =
        fixture
            .client
            .resource(withGeneratedName(ssh(namespace, null, "ssh", "vm-web-1")))
            .create();
    String name = created.getMetadata().getName();

    var active = awaitPhase(name, AccessPhase.Active);
    assertThat(Conditions.isTrue(active.getConditions(), "Active")).isTrue();
    assertThat(active.getExpiresAt()).isNotNull();
    assertThat(active.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getStatus()).isEqualTo("Initiated"));
    assertThat(allowRules())
        .singleElement()
        .satisfies(r -> assertThat(r.toString()).contains("10.0.0.7"));
    assertThat(history()).hasSize(1);
    assertThat(history().get(0).path("justification").asText())
        .contains("deploy release 42")
        .contains(namespace + "/" + name)
        .contains(active.getOpenToken());

    fixture.emulator.clock().advance(Duration.ofMinutes(11));

    var expired = awaitPhase(name, AccessPhase.Expired);
    assertThat(Conditions.find(expired.getConditions(), "Active").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(allowRules()).isEmpty();
  }

  @Test
  void everyBrokenRuleIsDeniedWithoutCallingAzure() {
    var otherNamespace = fixture.newNamespace();
    List<JitAccessRequest> broken = new ArrayList<>();
    broken.add(change("unknown-vm", r -> r.getSpec().setVirtualMachine("vm-web-9")));
    broken.add(change("unknown-port", r -> r.getSpec().setPorts(List.of(22, 5985))));
    broken.add(change("outside-source", r -> r.getSpec().setSourceAddressPrefix("192.168.1.1")));
    broken.add(change("wider-source", r -> r.getSpec().setSourceAddressPrefix("10.0.0.0/16")));
    broken.add(change("any-source", r -> r.getSpec().setSourceAddressPrefix("*")));
    broken.add(change("too-long-for-policy", r -> r.getSpec().setDuration("PT2H")));
    broken.add(change("no-policy", r -> r.getSpec().getPolicyRef().setName("missing")));
    var foreign = ssh(otherNamespace, "other-namespace", "ssh", "vm-web-1");
    foreign.getSpec().getPolicyRef().setNamespace(namespace);
    broken.add(foreign);

    broken.forEach(r -> fixture.client.resource(r).create());

    assertDenied(namespace, "unknown-vm", "VirtualMachineNotInPolicy", "vm-web-9");
    assertDenied(namespace, "unknown-port", "PortNotInPolicy", "5985");
    assertDenied(namespace, "outside-source", "SourceNotAllowed", "10.0.0.0/24");
    assertDenied(namespace, "wider-source", "SourceNotAllowed", "10.0.0.0/16");
    assertDenied(namespace, "any-source", "SourceNotAllowed", "*");
    assertDenied(namespace, "too-long-for-policy", "DurationTooLong", "PT1H");
    assertDenied(namespace, "no-policy", "PolicyNotFound", "missing");
    assertDenied(otherNamespace, "other-namespace", "NamespaceNotAllowed", otherNamespace);
    assertThat(history()).isEmpty();
    assertThat(allowRules()).isEmpty();
  }

  @Test
  void durationAboveThePortsMaximumIsDenied() {
    fixture
        .client
        .resources(JitPolicy.class)
        .inNamespace(namespace)
        .withName("ssh")
        .edit(
            p -> {
              p.getSpec().setAccess(null);
              p.getSpec()
                  .getVirtualMachines()
                  .get(0)
                  .getPorts()
                  .get(0)
                  .setMaxRequestAccessDuration("PT30M");
              return p;
            });
    await()
        .until(
            () -> {
              var p =
                  fixture
                      .client
                      .resources(JitPolicy.class)
                      .inNamespace(namespace)
                      .withName("ssh")
                      .get();
              return p.getStatus().getObservedGeneration().equals(p.getMetadata().getGeneration());
            });

    fixture.client.resource(change("long", r -> r.getSpec().setDuration("PT45M"))).create();

    assertDenied(namespace, "long", "DurationTooLong", "maxRequestAccessDuration");
    assertThat(history()).isEmpty();
  }

  @Test
  void revokeSupersedesTheOpenRequestAndSaysWhenThePortCloses() {
    fixture.client.resource(ssh(namespace, "revoke-me", "ssh", "vm-web-1")).create();
    awaitPhase("revoke-me", AccessPhase.Active);

    edit("revoke-me", r -> r.getSpec().setRevoke(true));

    var revoked = awaitPhase("revoke-me", AccessPhase.Revoked);
    assertThat(revoked.getClosesBy()).isNotNull();
    assertThat(OffsetDateTime.parse(revoked.getClosesBy()))
        .isBefore(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(2));
    assertThat(Conditions.find(revoked.getConditions(), "Active").orElseThrow().getMessage())
        .contains("Azure has no revoke operation");
    var history = history();
    assertThat(history).hasSize(2);
    assertThat(history.toString()).contains("NewerRequestInitiated");
  }

  @Test
  void deletingAnActiveRequestClosesItBeforeItGoes() {
    fixture.client.resource(ssh(namespace, "delete-me", "ssh", "vm-web-1")).create();
    awaitPhase("delete-me", AccessPhase.Active);

    fixture
        .client
        .resources(JitAccessRequest.class)
        .inNamespace(namespace)
        .withName("delete-me")
        .delete();

    await().until(() -> get("delete-me") == null);
    var history = history();
    assertThat(history).hasSize(2);
    assertThat(history.get(1).path("justification").asText()).contains("Closed early");
  }

  @Test
  void anInitiateWhoseAnswerIsLostOpensOnce() {
    fixture.emulator.faults().add(Fault.dropAfterEffect("initiate", 1));

    fixture.client.resource(ssh(namespace, "lost-answer", "ssh", "vm-web-1")).create();

    awaitPhase("lost-answer", AccessPhase.Active);
    assertThat(history()).hasSize(1);
  }

  @Test
  void aCrashAfterRecordingIntentButBeforeInitiateOpensOnceAfterRestart() {
    fixture.stopOperator();
    fixture.client.resource(ssh(namespace, "crash-before", "ssh", "vm-web-1")).create();
    recordIntent("crash-before", UUID.randomUUID().toString());

    fixture.startOperator();

    awaitPhase("crash-before", AccessPhase.Active);
    assertThat(history()).hasSize(1);
  }

  @Test
  void aCrashAfterInitiateButBeforeTheStatusUpdateDoesNotOpenAgain() {
    fixture.stopOperator();
    var request =
        fixture.client.resource(ssh(namespace, "crash-after", "ssh", "vm-web-1")).create();
    String token = UUID.randomUUID().toString();
    recordIntent("crash-after", token);
    var end = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10);
    fixture
        .outOfBand()
        .initiate(
            key,
            new InitiateRequest(
                List.of(
                    new InitiateRequest.VirtualMachine(
                        key.virtualMachineId("vm-web-1"),
                        List.of(new InitiateRequest.Port(22, "10.0.0.7", end)))),
                AzureJustification.of(request, token, "Opened")));

    fixture.startOperator();

    var active = awaitPhase("crash-after", AccessPhase.Active);
    assertThat(active.getOpenToken()).isEqualTo(token);
    assertThat(history()).hasSize(1);
  }

  @Test
  void aHundredRequestsCreatedAtOnceAllBecomeActive() {
    List<String> vms = IntStream.rangeClosed(3, 7).mapToObj(i -> "vm-web-" + i).toList();
    var policy = sshPolicy(namespace, "many", vms.get(0));
    policy.getSpec().getAzure().setPolicyName("many-" + namespace);
    policy.getSpec().getVirtualMachines().clear();
    for (String vm : vms) {
      var rule = vmRule(vm);
      IntStream.range(0, 20).forEach(i -> rule.getPorts().add(port(2000 + i, "10.0.0.0/24")));
      policy.getSpec().getVirtualMachines().add(rule);
    }
    fixture.client.resource(policy).create();
    fixture.awaitReady(namespace, "many");

    List<String> names = new ArrayList<>();
    for (String vm : vms) {
      for (int i = 0; i < 20; i++) {
        var request = ssh(namespace, vm + "-" + (2000 + i), "many", vm);
        request.getSpec().setPorts(List.of(2000 + i));
        fixture.client.resource(request).create();
        names.add(request.getMetadata().getName());
      }
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> names.stream().allMatch(n -> phaseOf(n) == AccessPhase.Active));
    var manyKey =
        new AzurePolicyKey(
            key.subscriptionId(), key.resourceGroup(), key.location(), "many-" + namespace);
    assertThat(fixture.outOfBand().get(manyKey).orElseThrow().requests()).hasSize(100);
  }

  @Test
  void finishedRequestsAreDeletedAfterTheirTtl() {
    fixture
        .client
        .resource(
            change(
                "short-lived",
                r -> {
                  r.getSpec().setVirtualMachine("vm-web-9");
                  r.getSpec().setTtlSecondsAfterFinished(1L);
                }))
        .create();

    await().until(() -> get("short-lived") == null);
  }

  private JitAccessRequest change(String name, Consumer<JitAccessRequest> breakIt) {
    var request = ssh(namespace, name, "ssh", "vm-web-1");
    breakIt.accept(request);
    return request;
  }

  private void recordIntent(String name, String token) {
    var status = new JitAccessRequestStatus();
    status.setPhase(AccessPhase.Opening);
    status.setOpenToken(token);
    var reference = new AzureRequestReference();
    reference.setPolicyId(key.resourceId());
    reference.setVirtualMachineId(key.virtualMachineId("vm-web-1"));
    status.setAzureRequest(reference);
    var patch = new JitAccessRequest();
    patch.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    patch.setStatus(status);
    fixture
        .client
        .resource(patch)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("crashed-operator")
                .withForce(true)
                .build());
  }

  private void assertDenied(String inNamespace, String name, String reason, String mentioned) {
    await()
        .untilAsserted(
            () -> {
              var request =
                  fixture
                      .client
                      .resources(JitAccessRequest.class)
                      .inNamespace(inNamespace)
                      .withName(name)
                      .get();
              assertThat(request.getStatus()).isNotNull();
              assertThat(request.getStatus().getPhase()).isEqualTo(AccessPhase.Denied);
              Condition validated =
                  Conditions.find(request.getStatus().getConditions(), "Validated").orElseThrow();
              assertThat(validated.getStatus()).isEqualTo("False");
              assertThat(validated.getReason()).isEqualTo(reason);
              assertThat(validated.getMessage()).contains(mentioned);
            });
  }

  private JitAccessRequestStatus awaitPhase(String name, AccessPhase phase) {
    await().until(() -> phaseOf(name) == phase);
    return get(name).getStatus();
  }

  private AccessPhase phaseOf(String name) {
    var request = get(name);
    return request == null || request.getStatus() == null ? null : request.getStatus().getPhase();
  }

  private JitAccessRequest get(String name) {
    return fixture
        .client
        .resources(JitAccessRequest.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private void edit(String name, Consumer<JitAccessRequest> change) {
    fixture
        .client
        .resources(JitAccessRequest.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            r -> {
              change.accept(r);
              return r;
            });
  }

  private List<JsonNode> history() {
    return StreamSupport.stream(fixture.emulator.service().requestHistory().spliterator(), false)
        .filter(r -> r.path("policyId").asText().equalsIgnoreCase(key.resourceId()))
        .toList();
  }

  private List<NsgRule> allowRules() {
    return fixture.emulator.service().networkRules().stream()
        .filter(NsgRule::isAllow)
        .filter(r -> r.toString().contains(key.policyName()))
        .toList();
  }

  private static JitAccessRequest withGeneratedName(JitAccessRequest request) {
    request.getMetadata().setName(null);
    request.getMetadata().setGenerateName("deploy-");
    return request;
  }
}
