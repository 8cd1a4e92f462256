package io.azurejit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;

/**
 * The product as a user runs it, as separate processes: the local-cluster control plane, the
 * emulator jar and operator jars configured only through their documented flags, and kubectl.
 */
final class Stack implements AutoCloseable {

  static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final Map<String, String> environment = new HashMap<>();
  final int emulatorPort;
  private final Map<String, RunningProcess> operators = new LinkedHashMap<>();
  private RunningProcess emulator;
  private HttpClient https;

  private Stack(String name) {
    dir = Shell.REPO.resolve("e2e/target/stacks/" + name);
    emulatorPort = freePort();
  }

  /** Starts the control plane and the emulator with these virtual machines, installs the CRDs. */
  static Stack start(String name, List<String> virtualMachineIds, String... emulatorFlags) {
    var stack = new Stack(name);
    stack.startCluster();
    stack.startEmulator(virtualMachineIds, List.of(emulatorFlags));
    stack.kubectl("apply", "-f", "crds/");
    stack.kubectl(
        "wait",
        "--for=condition=Established",
        "crd/jitpolicies.azurejit.io",
        "crd/jitaccessrequests.azurejit.io");
    return stack;
  }

  static String vmId(String resourceGroup, String name) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.Compute/virtualMachines/"
        + name;
  }

  /** The virtual machines of examples/emulator/virtual-machines.json. */
  static List<String> exampleVirtualMachines() {
    try {
      var file =
          JSON.readTree(Shell.REPO.resolve("examples/emulator/virtual-machines.json").toFile());
      List<String> ids = new ArrayList<>();
      file.path("virtualMachines").forEach(vm -> ids.add(vm.path("id").asText()));
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void clean() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startCluster() {
    environment.put("LOCAL_CLUSTER_DIR", dir.resolve("cluster").toString());
    environment.put("LOCAL_CLUSTER_API_PORT", String.valueOf(freePort()));
    environment.put("LOCAL_CLUSTER_ETCD_PORT", String.valueOf(freePort()));
    Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/down");
    clean();
    var up = Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/up").assertSuccess();
    environment.put("KUBECONFIG", up.lastLine().replace("export KUBECONFIG=", ""));
  }

  private void startEmulator(List<String> virtualMachineIds, List<String> flags) {
    try {
      Files.createDirectories(dir);
      ArrayNode vms = JSON.createArrayNode();
      for (int i = 0; i < virtualMachineIds.size(); i++) {
        vms.addObject()
            .put("id", virtualMachineIds.get(i))
            .put("privateIp", "10.9." + (i / 200) + "." + (i % 200 + 4))
            .put("networkSecurityGroup", "nsg-e2e-" + i);
      }
      Path inventory = dir.resolve("virtual-machines.json");
      JSON.writeValue(inventory.toFile(), JSON.createObjectNode().set("virtualMachines", vms));
      List<String> command =
          new ArrayList<>(
              List.of(
                  "java",
                  "-jar",
                  jar("emulator", "azure-jit-emulator"),
                  "--port",
                  String.valueOf(emulatorPort),
                  "--vms",
                  inventory.toString(),
                  "--ca-out",
                  caFile().toString(),
                  "--initiating-delay",
                  "PT0.5S"));
      command.addAll(flags);
      emulator = RunningProcess.start("emulator", dir, environment, command);
      emulator.awaitOutput("serving", Duration.ofSeconds(30));
      https = HttpClient.newBuilder().sslContext(trusting(Files.readString(caFile()))).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts an operator process named {@code name} whose ARM token carries that name as its
   * identity, so the emulator's history shows which replica opened what.
   */
  RunningProcess startOperator(String name, String... extraFlags) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                // The container's memory limit (deploy/base) and the JVM options the image uses.
                "-XX:MaxRAM=512m",
                "-XX:MaxRAMPercentage=50",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-XX:ReservedCodeCacheSize=64m",
                "-XX:MaxMetaspaceSize=160m",
                "-jar",
                jar("operator", "azure-jit-operator"),
                "--arm-endpoint",
                "https://127.0.0.1:" + emulatorPort,
                "--arm-ca-file",
                caFile().toString(),
                "--azure-credential",
                "token",
                "--azure-token",
                Tokens.named(name),
                "--http-port",
                String.valueOf(freePort()),
                "--drift-period",
                "PT5S",
                "--active-recheck",
                "PT2S",
                "--initiating-recheck",
                "PT0.5S"));
    command.addAll(List.of(extraFlags));
    var operatorEnvironment = new HashMap<>(environment);
    operatorEnvironment.put("MALLOC_ARENA_MAX", "2"); // as deploy/base sets it
    var operator = RunningProcess.start(name, dir, operatorEnvironment, command);
    operators.put(name, operator);
    operator.awaitOutput("started:", Duration.ofSeconds(60));
    return operator;
  }

  Shell.Result kubectl(String... args) {
    return kubectlMayFail(args).assertSuccess();
  }

  Shell.Result kubectlMayFail(String... args) {
    String[] command = Stream.concat(Stream.of("kubectl"), Stream.of(args)).toArray(String[]::new);
    return Shell.run(environment, COMMAND_TIMEOUT, command);
  }

  /** Runs kubectl with {@code input} on standard input, as {@code kubectl apply -f -}. */
  Shell.Result kubectlWithInput(String input, String... args) {
    try {
      Path file = Files.createTempFile(dir, "input", ".yaml");
      Files.writeString(file, input);
      String[] command =
          Stream.concat(Stream.of("kubectl"), Stream.of(args))
              .map(a -> a.equals("-") ? file.toString() : a)
              .toArray(String[]::new);
      return Shell.run(environment, COMMAND_TIMEOUT, command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Azure policy as ARM serves it, or null when absent. */
  JsonNode azurePolicy(String resourceGroup, String policyName) {
    var answer =
        send("GET", policyPath(resourceGroup, policyName), null, Tokens.named("someone-else"));
    return answer.statusCode() == 404 ? null : read(answer.body());
  }

  /** Replaces an Azure policy as another tool would. */
  void putAzurePolicy(String resourceGroup, String policyName, JsonNode document) {
    var answer =
        send(
            "PUT",
            policyPath(resourceGroup, policyName),
            document.toString(),
            Tokens.named("someone-else"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private static String policyPath(String resourceGroup, String policyName) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/"
        + policyName
        + "?api-version=2020-01-01";
  }

  /** An emulator admin call, such as {@code GET requests}. */
  JsonNode admin(String method, String path, String body) {
    var answer = send(method, "/_emulator/" + path, body, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return read(answer.body());
  }

  /** Every Azure access request the emulator holds, over all policies. */
  List<JsonNode> azureRequests() {
    List<JsonNode> requests = new ArrayList<>();
    admin("GET", "requests", null).forEach(requests::add);
    return requests;
  }

  /** NSG allow rules the emulator holds. */
  List<JsonNode> allowRules() {
    List<JsonNode> rules = new ArrayList<>();
    admin("GET", "network-rules", null)
        .forEach(
            r -> {
              if (r.path("access").asText().equals("Allow")) {
                rules.add(r);
              }
            });
    return rules;
  }

  void advanceAzureClock(Duration by) {
    admin("POST", "clock", JSON.createObjectNode().put("advance", by.toString()).toString());
  }

  RunningProcess operator(String name) {
    return operators.get(name);
  }

  /** The logs of every process, for a failed test's report. */
  String logs() {
    StringBuilder all = new StringBuilder();
    for (RunningProcess process : processes()) {
      all.append("\n===== ").append(process.name()).append(" =====\n").append(process.tail(200));
    }
    return all.toString();
  }

  private List<RunningProcess> processes() {
    List<RunningProcess> all = new ArrayList<>(operators.values());
    if (emulator != null) {
      all.add(emulator);
    }
    return all;
  }

  private HttpResponse<String> send(String method, String path, String body, String token) {
    var request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + emulatorPort + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path caFile() {
    return dir.resolve("emulator-ca.pem");
  }

  static String jar(String module, String artifact) {
    try (Stream<Path> files = Files.list(Shell.REPO.resolve(module + "/target"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(artifact))
          .filter(f -> f.getFileName().toString().endsWith("-all.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("build " + module + " first: no -all.jar"))
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SSLContext trusting(String caPem) {
    try {
      var ca =
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8)));
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("emulator", ca);
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the emulator CA", e);
    }
  }

  static ObjectNode sshPolicyDocument(String vmId, String source) {
    ObjectNode document = JSON.createObjectNode().put("kind", "Basic");
    var vm = document.putObject("properties").putArray("virtualMachines").addObject();
    vm.put("id", vmId);
    vm.putArray("ports")
        .addObject()
        .put("number", 22)
        .put("protocol", "*")
        .put("allowedSourceAddressPrefix", source)
        .put("maxRequestAccessDuration", "PT3H");
    return document;
  }

  static {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    Awaitility.setDefaultPollInterval(Duration.ofMillis(250));
  }

  @Override
  public void close() {
    processes().forEach(RunningProcess::stop);
    Shell.run(environment, COMMAND_TIMEOUT, "local-cluster/down");
  }
}
