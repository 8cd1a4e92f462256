package io.azurejit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's first command, run as a person runs it, and its way to stop everything. */
class QuickstartIT {

  private final Path state = Shell.REPO.resolve("e2e/target/quickstart-it");
  private final Map<String, String> environment = new HashMap<>();

  @AfterEach
  void stopEverything() {
    Shell.run(environment, Duration.ofMinutes(2), "./quickstart", "down");
  }

  @Test
  void quickstartShowsARequestGoActiveThenExpiredAndDownStopsIt() {
    environment.put("QUICKSTART_STATE", state.resolve("run").toString());
    environment.put("LOCAL_CLUSTER_DIR", state.resolve("cluster").toString());
    environment.put("LOCAL_CLUSTER_API_PORT", String.valueOf(Stack.freePort()));
    environment.put("LOCAL_CLUSTER_ETCD_PORT", String.valueOf(Stack.freePort()));
    environment.put("QUICKSTART_EMULATOR_PORT", String.valueOf(Stack.freePort()));
    environment.put("QUICKSTART_OPERATOR_HTTP_PORT", String.valueOf(Stack.freePort()));

    var run = Shell.run(environment, Duration.ofMinutes(10), "./quickstart").assertSuccess();

    assertThat(run.output())
        .contains("jitpolicy.azurejit.io/web-ssh condition met")
        .containsPattern("deploy-ssh-\\w+ +.*Active")
        .containsPattern("deploy-ssh-\\w+ +.*Expired")
        .contains("Allow rules left in the emulator: 0")
        .contains("./quickstart down");

    var down =
        Shell.run(environment, Duration.ofMinutes(2), "./quickstart", "down").assertSuccess();
    assertThat(down.output()).contains("everything stopped");
    assertThat(state.resolve("run")).doesNotExist();
    assertThat(state.resolve("cluster")).doesNotExist();
  }
}
