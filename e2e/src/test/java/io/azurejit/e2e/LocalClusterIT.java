package io.azurejit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local control plane as a user meets it: local-cluster/up, real kubectl, local-cluster/down.
 */
class LocalClusterIT {

  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final Path state = Shell.REPO.resolve("e2e/target/local-cluster-it");
  private final Map<String, String> environment = new HashMap<>();

  @AfterEach
  void stopCluster() {
    Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/down");
  }

  @Test
  void upServesCrdsAndObjectsToKubectlAndDownLeavesNothingBehind() throws IOException {
    environment.put("LOCAL_CLUSTER_DIR", state.toString());
    environment.put("LOCAL_CLUSTER_API_PORT", String.valueOf(freePort()));
    environment.put("LOCAL_CLUSTER_ETCD_PORT", String.valueOf(freePort()));

    var up = Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/up").assertSuccess();
    assertThat(up.lastLine()).isEqualTo("export KUBECONFIG=" + state.resolve("kubeconfig"));
    environment.put("KUBECONFIG", state.resolve("kubeconfig").toString());
    var again = Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/up").assertSuccess();
    assertThat(again.output()).contains("already up");

    kubectl("apply", "-f", "crds/");
    kubectl("wait", "--for=condition=Established", "crd/jitpolicies.azurejit.io");
    kubectl("apply", "-f", "examples/policies/ssh-one-vm.yaml");
    var vm = kubectl("get", "jitpol", "web-ssh", "-o", "jsonpath={.spec.virtualMachines[0].name}");
    kubectl("wait", "--for=jsonpath={.spec.azure.policyName}=default", "jitpolicy/web-ssh");
    var table = kubectl("get", "jitpolicies");

    assertThat(vm.output()).isEqualTo("vm-web-1");
    assertThat(table.output()).contains("web-ssh").contains("AZURE POLICY").contains("default");

    var pids = readPids();
    Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/down").assertSuccess();
    Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/down").assertSuccess();

    assertThat(state).doesNotExist();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
          .as("process %d", pid)
          .isEmpty();
    }
  }

  private Shell.Result kubectl(String... args) {
    var command = new String[args.length + 1];
    command[0] = "kubectl";
    System.arraycopy(args, 0, command, 1, args.length);
    return Shell.run(environment, COMMAND_TIMEOUT, command).assertSuccess();
  }

  private long[] readPids() throws IOException {
    return new long[] {
      Long.parseLong(Files.readString(state.resolve("etcd.pid")).strip()),
      Long.parseLong(Files.readString(state.resolve("kube-apiserver.pid")).strip())
    };
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
