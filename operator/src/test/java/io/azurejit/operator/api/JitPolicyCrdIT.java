package io.azurejit.operator.api;

import static io.azurejit.operator.testing.JitPolicies.port;
import static io.azurejit.operator.testing.JitPolicies.sshPolicy;
import static io.azurejit.operator.testing.JitPolicies.vmRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azurejit.operator.testing.Crds;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated JitPolicy CRD, served by a real kube-apiserver. */
@EnableKubeAPIServer
class JitPolicyCrdIT {

  private static final String NAMESPACE = "default";

  @KubeConfig static String kubeConfig;

  private static KubernetesClient client;

  @BeforeAll
  static void installCrds() {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
    Crds.install(client);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void policyIsCreatedReadStatusPatchedWithServerSideApplyAndDeleted() {
    var created = client.resource(sshPolicy(NAMESPACE, "lifecycle", "vm-web-1")).create();

    var read = client.resources(JitPolicy.class).inNamespace(NAMESPACE).withName("lifecycle").get();
    assertThat(read.getSpec().getAzure().getPolicyName()).isEqualTo("default");
    assertThat(read.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
    assertThat(read.getSpec().getVirtualMachines().get(0).getPorts().get(0).getNumber())
        .isEqualTo(22);

    var statusOnly = new JitPolicy();
    statusOnly.setMetadata(
        new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("lifecycle").build());
    var status = new JitPolicyStatus();
    status.setObservedGeneration(created.getMetadata().getGeneration());
    status.setVirtualMachineCount(1);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Applied")
                .withMessage("The Azure policy matches.")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    statusOnly.setStatus(status);
    client
        .resource(statusOnly)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("azure-jit-operator")
                .withForce(true)
                .build());

    var patched =
        client.resources(JitPolicy.class).inNamespace(NAMESPACE).withName("lifecycle").get();
    assertThat(patched.getStatus().getVirtualMachineCount()).isEqualTo(1);
    assertThat(patched.getStatus().getConditions()).extracting("type").containsExactly("Ready");
    assertThat(patched.getSpec().getVirtualMachines()).hasSize(1);

    assertThat(client.resource(patched).delete()).isNotEmpty();
    assertThat(client.resources(JitPolicy.class).inNamespace(NAMESPACE).withName("lifecycle").get())
        .isNull();
  }

  @Test
  void durationOutsideAzureLimitsIsRejectedByTheApiServer() {
    assertRejected(
        "too-long",
        p ->
            p.getSpec()
                .getVirtualMachines()
                .get(0)
                .getPorts()
                .get(0)
                .setMaxRequestAccessDuration("PT25H"),
        "between 5 minutes (PT5M) and 24 hours (PT24H)");
    assertRejected(
        "too-short",
        p ->
            p.getSpec()
                .getVirtualMachines()
                .get(0)
                .getPorts()
                .get(0)
                .setMaxRequestAccessDuration("PT4M"),
        "between 5 minutes (PT5M) and 24 hours (PT24H)");
    assertRejected(
        "not-iso",
        p ->
            p.getSpec()
                .getVirtualMachines()
                .get(0)
                .getPorts()
                .get(0)
                .setMaxRequestAccessDuration("3h"),
        "should match");
  }

  @Test
  void durationsInsideAzureLimitsAreAccepted() {
    for (String duration : List.of("PT5M", "PT90M", "PT1H30M", "PT24H", "P1D", "PT3600S")) {
      var policy = sshPolicy(NAMESPACE, "ok-" + duration.toLowerCase(), "vm-web-1");
      policy
          .getSpec()
          .getVirtualMachines()
          .get(0)
          .getPorts()
          .get(0)
          .setMaxRequestAccessDuration(duration);

      assertThat(client.resource(policy).create().getMetadata().getUid()).isNotBlank();
    }
  }

  @Test
  void invalidSourcePrefixIsRejectedByTheApiServer() {
    assertRejected(
        "bad-cidr",
        p ->
            p.getSpec()
                .getVirtualMachines()
                .get(0)
                .getPorts()
                .get(0)
                .setAllowedSourceAddressPrefixes(List.of("10.0.0.0/33")),
        "must be an IP address, a CIDR range");
    assertRejected(
        "star-mixed",
        p ->
            p.getSpec()
                .getVirtualMachines()
                .get(0)
                .getPorts()
                .get(0)
                .setAllowedSourceAddressPrefixes(List.of("*", "10.0.0.1")),
        "cannot be combined");
  }

  @Test
  void portOutOfRangeUnknownProtocolAndDuplicatePortsAreRejected() {
    assertRejected(
        "port-zero",
        p -> p.getSpec().getVirtualMachines().get(0).getPorts().get(0).setNumber(70000),
        "should be less than or equal to 65535");
    assertRejected(
        "protocol",
        p -> p.getSpec().getVirtualMachines().get(0).getPorts().get(0).setProtocol("tcp"),
        "should match");
    assertRejected(
        "dup-port",
        p -> p.getSpec().getVirtualMachines().get(0).getPorts().add(port(22, "10.0.0.1")),
        "each port number may appear only once");
  }

  @Test
  void virtualMachineMustBeGivenByNameOrIdButNotBoth() {
    assertRejected(
        "both",
        p ->
            p.getSpec()
                .getVirtualMachines()
                .get(0)
                .setId(
                    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
                        + "/providers/Microsoft.Compute/virtualMachines/vm-web-1"),
        "either by name or by id");
    assertRejected(
        "duplicate-vm",
        p -> p.getSpec().getVirtualMachines().add(vmRule("vm-web-1", port(3389, "*"))),
        "each virtual machine may appear only once");
  }

  @Test
  void subscriptionIdMustBeAGuid() {
    assertRejected(
        "subscription",
        p -> p.getSpec().getAzure().setSubscriptionId("my-subscription"),
        "spec.azure.subscriptionId");
  }

  private static void assertRejected(String name, Consumer<JitPolicy> breakIt, String message) {
    var policy = sshPolicy(NAMESPACE, name, "vm-web-1");
    breakIt.accept(policy);

    assertThatThrownBy(() -> client.resource(policy).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }
}
