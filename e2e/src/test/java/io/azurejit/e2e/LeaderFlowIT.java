package io.azurejit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two operator replicas with leader election: only the leader acts; the other takes over. */
@ExtendWith(StackLogsOnFailure.class)
class LeaderFlowIT {

  static final String BECAME_LEADER = "Became leader";

  static Stack stack;

  @BeforeAll
  static void startStack() {
    stack = Stack.start("leader", Stack.exampleVirtualMachines());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void onlyTheLeaderWritesToAzureAndTheStandbyTakesOverWhenItDies() {
    var a =
        stack.startOperator(
            "replica-a", "--leader-election", "true", "--lease-namespace", "default");
    var b =
        stack.startOperator(
            "replica-b", "--leader-election", "true", "--lease-namespace", "default");
    await().until(() -> a.output().contains(BECAME_LEADER) || b.output().contains(BECAME_LEADER));
    var leader = a.output().contains(BECAME_LEADER) ? a : b;
    var standby = leader == a ? b : a;

    stack.kubectl("apply", "-f", "examples/policies/ssh-one-vm.yaml");
    stack.kubectl("wait", "--for=condition=Ready", "--timeout=60s", "jitpolicy/web-ssh");
    String before = openOne();
    assertThat(requestorOf(before)).isEqualTo(leader.name());
    assertThat(standby.output())
        .doesNotContain(BECAME_LEADER)
        .doesNotContain("Phase ")
        .doesNotContain("Wrote Azure");

    leader.kill();
    await().atMost(Duration.ofSeconds(90)).until(() -> standby.output().contains(BECAME_LEADER));
    String after = openOne();

    assertThat(requestorOf(after)).isEqualTo(standby.name());
    assertThat(requestors()).containsOnly(leader.name(), standby.name());
  }

  private static String openOne() {
    String name =
        stack.kubectl("create", "-o", "name", "-f", "examples/requests/ssh.yaml").output().strip();
    stack.kubectl("wait", "--for=condition=Active", "--timeout=90s", name);
    return name.substring(name.indexOf('/') + 1);
  }

  private static String requestorOf(String requestName) {
    return stack.azureRequests().stream()
        .filter(r -> r.path("justification").asText().contains("/" + requestName + " "))
        .map(r -> r.path("requestor").asText())
        .findFirst()
        .orElseThrow();
  }

  private static List<String> requestors() {
    List<String> all = new ArrayList<>();
    for (JsonNode request : stack.azureRequests()) {
      all.add(request.path("requestor").asText());
    }
    return all;
  }
}
