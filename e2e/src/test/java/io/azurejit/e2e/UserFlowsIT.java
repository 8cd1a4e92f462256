package io.azurejit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The flows users run, with the repository's examples: GitOps for policies, a pipeline for
 * requests, and bad input. One control plane, emulator and operator process for all of them.
 */
@ExtendWith(StackLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserFlowsIT {

  static Stack stack;

  @BeforeAll
  static void startStack() {
    stack = Stack.start("user-flows", Stack.exampleVirtualMachines());
    stack.startOperator("operator");
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(0)
  void everyManifestInDeployAndExamplesIsAcceptedByTheApiServer() {
    stack.kubectl("create", "namespace", "azure-jit-system");
    stack.kubectl("create", "namespace", "deploy");

    for (String kustomization : List.of("deploy/base", "deploy/overlays/aks-workload-identity")) {
      var applied = stack.kubectl("apply", "--dry-run=server", "-k", kustomization);
      assertThat(applied.output())
          .contains("deployment.apps/azure-jit-operator")
          .contains("clusterrole.rbac.authorization.k8s.io/azure-jit-operator")
          .contains("poddisruptionbudget.policy/azure-jit-operator");
    }
    var policies = stack.kubectl("apply", "--dry-run=server", "-f", "examples/policies/");
    var requests = stack.kubectl("create", "--dry-run=server", "-f", "examples/requests/");

    assertThat(policies.output())
        .contains("web-ssh")
        .contains("app-servers")
        .contains("team-search");
    assertThat(requests.output()).contains("deploy-ssh-").contains("rdp-");
  }

  @Test
  @Order(1)
  void gitOpsAppliedPoliciesAreConvergedEditedDeletedAndDriftIsCorrected() {
    stack.kubectl(
        "apply",
        "-f",
        "examples/policies/ssh-one-vm.yaml",
        "-f",
        "examples/policies/shared-azure-policy.yaml");
    stack.kubectl(
        "wait",
        "--for=condition=Ready",
        "--timeout=60s",
        "jitpolicy/web-ssh",
        "jitpolicy/team-payments",
        "jitpolicy/team-search");

    assertThat(vmNames("rg-apps", "default")).containsExactly("vm-web-1");
    assertThat(vmNames("rg-shared", "default"))
        .containsExactlyInAnyOrder("vm-payments-1", "vm-search-1");
    assertThat(stack.kubectl("get", "jitpolicies").output())
        .contains("web-ssh")
        .contains("Applied");

    stack.kubectl(
        "patch",
        "jitpolicy/web-ssh",
        "--type=json",
        "-p",
        "[{\"op\":\"add\",\"path\":\"/spec/virtualMachines/0/ports/-\",\"value\":{\"number\":2222,"
            + "\"protocol\":\"TCP\",\"allowedSourceAddressPrefixes\":[\"10.20.0.0/24\"]}}]");
    await().untilAsserted(() -> assertThat(ports("rg-apps", "default")).contains(22, 2222));

    stack.kubectl("delete", "jitpolicy/team-payments");
    await()
        .untilAsserted(
            () -> assertThat(vmNames("rg-shared", "default")).containsExactly("vm-search-1"));

    stack.putAzurePolicy(
        "rg-apps", "default", Stack.sshPolicyDocument(Stack.vmId("rg-apps", "vm-web-1"), "*"));
    await()
        .untilAsserted(
            () ->
                assertThat(
                        stack
                            .azurePolicy("rg-apps", "default")
                            .at("/properties/virtualMachines/0/ports/0/allowedSourceAddressPrefix")
                            .asText())
                    .isEqualTo("10.20.0.0/24"));
    await()
        .untilAsserted(
            () ->
                assertThat(stack.kubectl("describe", "jitpolicy/web-ssh").output())
                    .contains("DriftCorrected"));

    stack.kubectl("apply", "-f", "examples/policies/ssh-one-vm.yaml");
    await().untilAsserted(() -> assertThat(ports("rg-apps", "default")).containsExactly(22));
  }

  @Test
  @Order(2)
  void badInputIsRejectedWithReadableMessagesAndOpensNothing() {
    stack.kubectl("apply", "-f", "examples/policies/ssh-one-vm.yaml");
    int azureRequestsBefore = stack.azureRequests().size();

    assertRejected(policy("bad-cidr", "10.20.0.0/33", "PT1H"), "must be an IP address, a CIDR");
    assertRejected(policy("too-long", "10.20.0.0/24", "PT25H"), "between 5 minutes (PT5M) and 24");
    assertRejected(policy("too-short", "10.20.0.0/24", "PT1M"), "between 5 minutes (PT5M) and 24");
    assertRejected(
        policy("bad-duration", "10.20.0.0/24", "3 hours"), "spec.virtualMachines[0].ports[0]");
    assertRejected(request("bad-source", "10.20.0.0/99", "PT10M", 22), "must be an IP address");
    assertRejected(request("over-a-day", "10.20.0.17", "PT48H", 22), "between 1 minute");
    assertRejected(request("bad-port", "10.20.0.17", "PT10M", 70000), "65535");
    assertRejected(
        "apiVersion: azurejit.io/v1alpha1\nkind: JitAccessRequest\nmetadata:\n  name: no-source\n"
            + "spec:\n  policyRef: {name: web-ssh}\n  virtualMachine: vm-web-1\n  ports: [22]\n"
            + "  duration: PT10M\n",
        "sourceAddressPrefix: Required value");

    stack
        .kubectlWithInput(request("outside", "192.168.7.7", "PT10M", 22), "create", "-f", "-")
        .assertSuccess();
    stack
        .kubectlWithInput(request("wrong-port", "10.20.0.17", "PT10M", 3389), "create", "-f", "-")
        .assertSuccess();
    stack
        .kubectlWithInput(request("too-long-req", "10.20.0.17", "PT2H", 22), "create", "-f", "-")
        .assertSuccess();
    for (String denied : List.of("outside", "wrong-port", "too-long-req")) {
      stack.kubectl(
          "wait",
          "--for=jsonpath={.status.phase}=Denied",
          "--timeout=60s",
          "jitaccessrequest/" + denied);
    }

    assertThat(
            stack
                .kubectl(
                    "get",
                    "jitaccessrequest/outside",
                    "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Validated\")].message}")
                .output())
        .contains("192.168.7.7")
        .contains("10.20.0.0/24");
    var immutable =
        stack.kubectlMayFail(
            "patch",
            "jitaccessrequest/outside",
            "--type=merge",
            "-p",
            "{\"spec\":{\"sourceAddressPrefix\":\"10.20.0.17\"}}");
    assertThat(immutable.exitCode()).isNotZero();
    assertThat(immutable.output()).contains("cannot change after creation");
    assertThat(stack.azureRequests()).hasSize(azureRequestsBefore);
  }

  @Test
  @Order(3)
  void pipelineOpensWithKubectlWaitsForActiveRevokesOnDeleteAndLetsASecondExpire() {
    stack.kubectl("apply", "-f", "examples/policies/ssh-one-vm.yaml");
    stack.kubectl("wait", "--for=condition=Ready", "--timeout=60s", "jitpolicy/web-ssh");

    String first =
        stack.kubectl("create", "-o", "name", "-f", "examples/requests/ssh.yaml").output().strip();
    assertThat(first).startsWith("jitaccessrequest.azurejit.io/deploy-ssh-");
    stack.kubectl("wait", "--for=condition=Active", "--timeout=60s", first);

    assertThat(stack.allowRules())
        .anyMatch(r -> r.path("sourceAddressPrefix").asText().equals("10.20.0.17"));
    assertThat(stack.kubectl("get", "jitaccessrequests").output()).contains("Active");
    String name = first.substring(first.indexOf('/') + 1);
    assertThat(justificationsMentioning(name)).hasSize(1);

    stack.kubectl("delete", "--timeout=60s", first);
    assertThat(justificationsMentioning(name)).hasSize(2).anyMatch(j -> j.contains("Closed early"));

    String second =
        stack.kubectl("create", "-o", "name", "-f", "examples/requests/ssh.yaml").output().strip();
    stack.kubectl("wait", "--for=condition=Active", "--timeout=60s", second);
    // The emulator's clock only moves forward, so this is the last test of the class.
    stack.advanceAzureClock(Duration.ofMinutes(11));
    stack.kubectl("wait", "--for=jsonpath={.status.phase}=Expired", "--timeout=60s", second);
    assertThat(
            stack
                .kubectl(
                    "get",
                    second,
                    "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Active\")].status}")
                .output())
        .isEqualTo("False");
  }

  @Test
  @Order(4)
  void metricsEndpointExposesTheOperatorsMetricsAfterReconciling() throws Exception {
    var operator = stack.operator("operator");
    var port = java.util.regex.Pattern.compile("http port (\\d+)").matcher(operator.output());
    assertThat(port.find()).isTrue();
    var client = java.net.http.HttpClient.newHttpClient();
    var metrics =
        client
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(metrics)
        .contains("azurejit_access_requests{phase=\"Expired\"}")
        .contains("azurejit_access_transitions_total{phase=\"Active\"}")
        .contains("azurejit_access_time_to_active_seconds_bucket")
        .contains("azurejit_arm_calls_total{operation=\"initiate\",status=\"202\"}")
        .contains("azurejit_arm_latency_seconds_count{operation=\"put\"}")
        .contains("operator_sdk_reconciliations_executions_jitaccessrequest")
        .contains("jvm_memory_used_bytes");
    assertThat(metrics).doesNotContain("resource.name");
  }

  private void assertRejected(String yaml, String message) {
    var result = stack.kubectlWithInput(yaml, "apply", "-f", "-");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(message);
  }

  private static String policy(String name, String source, String maxDuration) {
    return """
        apiVersion: azurejit.io/v1alpha1
        kind: JitPolicy
        metadata:
          name: %s
        spec:
          azure:
            subscriptionId: 00000000-0000-0000-0000-000000000001
            resourceGroup: rg-apps
            location: westeurope
          virtualMachines:
            - name: vm-web-1
              ports:
                - number: 22
                  protocol: TCP
                  allowedSourceAddressPrefixes: ["%s"]
                  maxRequestAccessDuration: "%s"
        """
        .formatted(name, source, maxDuration);
  }

  private static String request(String name, String source, String duration, int port) {
    return """
        apiVersion: azurejit.io/v1alpha1
        kind: JitAccessRequest
        metadata:
          name: %s
        spec:
          policyRef: {name: web-ssh}
          virtualMachine: vm-web-1
          ports: [%d]
          sourceAddressPrefix: "%s"
          duration: "%s"
        """
        .formatted(name, port, source, duration);
  }

  private static List<String> justificationsMentioning(String requestName) {
    List<String> found = new ArrayList<>();
    for (JsonNode request : stack.azureRequests()) {
      String justification = request.path("justification").asText();
      if (justification.contains("/" + requestName + " ")) {
        found.add(justification);
      }
    }
    return found;
  }

  private static List<String> vmNames(String resourceGroup, String policy) {
    List<String> names = new ArrayList<>();
    JsonNode document = stack.azurePolicy(resourceGroup, policy);
    if (document != null) {
      document
          .at("/properties/virtualMachines")
          .forEach(vm -> names.add(vm.path("id").asText().replaceAll(".*/", "")));
    }
    return names;
  }

  private static List<Integer> ports(String resourceGroup, String policy) {
    List<Integer> ports = new ArrayList<>();
    stack
        .azurePolicy(resourceGroup, policy)
        .at("/properties/virtualMachines/0/ports")
        .forEach(p -> ports.add(p.path("number").asInt()));
    return ports;
  }
}
