package io.azurejit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator killed with SIGKILL while it opens 50 requests, then started again. */
@ExtendWith(StackLogsOnFailure.class)
class RestartFlowIT {

  static final int VMS = 5;
  static final int PORTS_PER_VM = 10;
  static final Pattern REQUEST_NAME = Pattern.compile("JitAccessRequest default/(\\S+) ");

  static Stack stack;

  @BeforeAll
  static void startStack() {
    List<String> vms =
        IntStream.rangeClosed(1, VMS).mapToObj(i -> Stack.vmId("rg-apps", "vm-r-" + i)).toList();
    stack = Stack.start("restart", vms);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyRequestEndsActiveWithExactlyOneAzureRequestAfterAKillDuringOpening() {
    var first = stack.startOperator("operator-1");
    stack.kubectlWithInput(policy(), "apply", "-f", "-").assertSuccess();
    stack.kubectl("wait", "--for=condition=Ready", "--timeout=60s", "jitpolicy/many");

    stack.kubectlWithInput(requests(), "create", "-f", "-").assertSuccess();
    await()
        .pollInterval(Duration.ofMillis(20))
        .until(() -> first.output().contains("Phase Opening"));
    first.kill();
    long activeAtKill = countPhase("Active");

    stack.startOperator("operator-2");

    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(countPhase("Active")).isEqualTo(VMS * PORTS_PER_VM));
    Map<String, Integer> azureRequestsPerName = new HashMap<>();
    for (JsonNode request : stack.azureRequests()) {
      Matcher name = REQUEST_NAME.matcher(request.path("justification").asText());
      if (name.find()) {
        azureRequestsPerName.merge(name.group(1), 1, Integer::sum);
      }
    }
    assertThat(azureRequestsPerName).hasSize(VMS * PORTS_PER_VM);
    assertThat(azureRequestsPerName.values()).allMatch(n -> n == 1);
    assertThat(activeAtKill).isLessThan(VMS * PORTS_PER_VM);
  }

  private static long countPhase(String phase) {
    String phases =
        stack
            .kubectl("get", "jitaccessrequests", "-o", "jsonpath={.items[*].status.phase}")
            .output();
    return List.of(phases.split("\\s+")).stream().filter(phase::equals).count();
  }

  private static String policy() {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: azurejit.io/v1alpha1
            kind: JitPolicy
            metadata:
              name: many
            spec:
              azure:
                subscriptionId: 00000000-0000-0000-0000-000000000001
                resourceGroup: rg-apps
                location: westeurope
              virtualMachines:
            """);
    for (int vm = 1; vm <= VMS; vm++) {
      yaml.append("    - name: vm-r-").append(vm).append("\n      ports:\n");
      for (int port = 0; port < PORTS_PER_VM; port++) {
        yaml.append("        - number: ")
            .append(3000 + port)
            .append("\n          allowedSourceAddressPrefixes: [\"10.20.0.0/24\"]\n");
      }
    }
    return yaml.toString();
  }

  private static String requests() {
    List<String> documents = new ArrayList<>();
    for (int vm = 1; vm <= VMS; vm++) {
      for (int port = 0; port < PORTS_PER_VM; port++) {
        documents.add(
            """
            apiVersion: azurejit.io/v1alpha1
            kind: JitAccessRequest
            metadata:
              name: r-%d-%d
            spec:
              policyRef: {name: many}
              virtualMachine: vm-r-%d
              ports: [%d]
              sourceAddressPrefix: 10.20.0.17
              duration: PT30M
            """
                .formatted(vm, 3000 + port, vm, 3000 + port));
      }
    }
    return String.join("---\n", documents);
  }
}
