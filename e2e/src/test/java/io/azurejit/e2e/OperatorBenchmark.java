package io.azurejit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.azurejit.operator.api.AccessPhase;
import io.azurejit.operator.api.AzurePolicyTarget;
import io.azurejit.operator.api.Conditions;
import io.azurejit.operator.api.JitAccessRequest;
import io.azurejit.operator.api.JitAccessRequestSpec;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.api.JitPolicySpec;
import io.azurejit.operator.api.PolicyReference;
import io.azurejit.operator.api.PortRule;
import io.azurejit.operator.api.VirtualMachineRule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the operator against the approach it replaces, on this machine: time from create to
 * Active, throughput at saturation, Azure calls per request, PUTs per policy change, memory at
 * scale, and restart times. Not part of the default test run; see the README's Performance section
 * for the command and the numbers. Sizes come from system properties ({@code benchmark.*}).
 */
class OperatorBenchmark {

  static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 100);
  static final int SATURATION = Integer.getInteger("benchmark.saturation", 1000);
  static final int SEQUENTIAL = Integer.getInteger("benchmark.sequential", 20);
  static final int SCALE_POLICIES = Integer.getInteger("benchmark.policies", 1000);
  static final int SCALE_REQUESTS = Integer.getInteger("benchmark.requests", 10000);
  static final List<Integer> LATENCIES =
      List.of(System.getProperty("benchmark.latencies", "0,150").split(",")).stream()
          .map(Integer::parseInt)
          .toList();
  static final int VMS = Integer.getInteger("benchmark.vms", 100);

  /** Virtual machines the latency and saturation rounds spread their requests over. */
  static final int ROUND_VMS = Math.min(50, VMS);

  static final int POLL_MILLIS = 100;
  static final String NS = "default";

  static Stack stack;
  static KubernetesClient client;
  static RunningProcess operator;
  static final Map<String, Long> created = new ConcurrentHashMap<>();
  static final Map<String, Long> active = new ConcurrentHashMap<>();
  static final List<String> report = Collections.synchronizedList(new ArrayList<>());
  static int nextPort = 1000;

  @BeforeAll
  static void startStack() {
    List<String> vms = IntStream.range(0, VMS).mapToObj(OperatorBenchmark::vmId).toList();
    stack = Stack.start("benchmark", vms, "--no-throttling", "--initiating-delay", "PT0S");
    operator = startOperator("operator");
    client =
        new KubernetesClientBuilder()
            .withConfig(
                Config.fromKubeconfig(readString(Path.of(stack.environment.get("KUBECONFIG")))))
            .build();
    client
        .resources(JitAccessRequest.class)
        .inNamespace(NS)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(JitAccessRequest r) {
                seen(r);
              }

              @Override
              public void onUpdate(JitAccessRequest old, JitAccessRequest r) {
                seen(r);
              }

              @Override
              public void onDelete(JitAccessRequest r, boolean unknown) {}
            });
  }

  @AfterAll
  static void stop() throws IOException {
    Path out = Shell.REPO.resolve("e2e/target/benchmark-results.md");
    Files.writeString(out, String.join("\n", report) + "\n");
    System.out.println("\n" + String.join("\n", report) + "\n(written to " + out + ")");
    if (client != null) {
      client.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void measure() throws Exception {
    report.add("## Benchmark on " + Runtime.getRuntime().availableProcessors() + " cores");
    report.add("");
    report.add(
        "| emulator latency | what | n | p50 ms | p95 ms | p99 ms | max ms | ratio to baseline p50 |");
    report.add("|---|---|---|---|---|---|---|---|");
    for (int latency : LATENCIES) {
      latencyRound(latency);
    }
    policyWrites();
    scale();
  }

  private void latencyRound(int latencyMillis) throws Exception {
    stack.admin("DELETE", "faults", null);
    if (latencyMillis > 0) {
      stack.admin(
          "POST",
          "faults",
          "{\"operation\":\"*\",\"latencyMillis\":" + latencyMillis + ",\"rate\":1.0}");
    }
    String policy = "lat-" + latencyMillis;
    createPolicies(List.of(policy), ROUND_VMS, 30);

    List<Long> baselineTotal = new ArrayList<>();
    List<Long> baselineAzure = new ArrayList<>();
    for (int i = 0; i < SEQUENTIAL; i++) {
      long[] times = baseline(policy, i % ROUND_VMS, port(policy, 20 + i / ROUND_VMS));
      baselineTotal.add(times[0]);
      baselineAzure.add(times[1]);
    }
    List<Long> sequential = new ArrayList<>();
    for (int i = 0; i < SEQUENTIAL; i++) {
      sequential.addAll(
          openAll(policy, List.of(new int[] {i % ROUND_VMS, port(policy, i / ROUND_VMS)}), 1));
    }
    List<int[]> targets = new ArrayList<>();
    for (int i = 0; i < CONCURRENCY; i++) {
      targets.add(new int[] {i % ROUND_VMS, port(policy, 1 + i / ROUND_VMS)});
    }
    List<Long> concurrent = openAll(policy, targets, CONCURRENCY);

    long p50 = percentile(baselineTotal, 50);
    row(latencyMillis, "baseline: process per step, start to open", baselineTotal, p50);
    row(latencyMillis, "baseline: its Azure calls alone", baselineAzure, p50);
    row(latencyMillis, "operator: create to Active, one at a time", sequential, p50);
    row(latencyMillis, "operator: create to Active, " + CONCURRENCY + " at once", concurrent, p50);
    List<Long> added = new ArrayList<>();
    long azureP50 = percentile(baselineAzure, 50);
    concurrent.forEach(c -> added.add(Math.max(0, c - azureP50)));
    row(latencyMillis, "operator-added (at once, minus Azure's own p50)", added, p50);

    if (latencyMillis == 0) {
      saturation();
    }
  }

  private void saturation() throws Exception {
    String policy = "saturation";
    createPolicies(List.of(policy), ROUND_VMS, 30);
    Map<String, Long> before = calls();
    List<int[]> targets = new ArrayList<>();
    for (int i = 0; i < SATURATION; i++) {
      targets.add(new int[] {i % ROUND_VMS, port(policy, i / ROUND_VMS)});
    }
    long start = System.currentTimeMillis();
    List<Long> latencies = openAll(policy, targets, 16);
    long elapsed = System.currentTimeMillis() - start;
    Map<String, Long> after = calls();
    double reads =
        (delta(before, after, "get") + delta(before, after, "list")) / (double) SATURATION;
    double writes =
        (delta(before, after, "put") + delta(before, after, "initiate")) / (double) SATURATION;
    report.add(
        "| 0 ms | operator: create to Active, "
            + SATURATION
            + " as fast as 16 clients create | "
            + latencies.size()
            + " | "
            + percentile(latencies, 50)
            + " | "
            + percentile(latencies, 95)
            + " | "
            + percentile(latencies, 99)
            + " | "
            + percentile(latencies, 100)
            + " | |");
    report.add("");
    report.add(
        String.format(
            Locale.ROOT,
            "- Saturation: %d requests Active in %.1f s: **%.0f opened per second**.",
            SATURATION,
            elapsed / 1000.0,
            SATURATION * 1000.0 / elapsed));
    report.add(
        String.format(
            Locale.ROOT,
            "- Azure calls per request: **%.2f reads** (GET/list), **%.2f writes** (initiate/PUT).",
            reads,
            writes));
  }

  private void policyWrites() throws Exception {
    String name = "writes";
    createPolicies(List.of(name), 5, 2);
    long puts = puts();
    client
        .resources(JitPolicy.class)
        .inNamespace(NS)
        .withName(name)
        .edit(
            p -> {
              p.getSpec().getVirtualMachines().get(0).getPorts().add(port(5999));
              return p;
            });
    await().until(() -> synced(name));
    await().atMost(Duration.ofSeconds(30)).until(() -> puts() > puts);
    long afterChange = puts();
    var unchanged = client.resources(JitPolicy.class).inNamespace(NS).withName(name).get();
    unchanged.getMetadata().setManagedFields(null);
    unchanged.getMetadata().setResourceVersion(null);
    unchanged.setStatus(null);
    client.resource(unchanged).forceConflicts().serverSideApply();
    Thread.sleep(6000);
    report.add(
        "- PUTs per JitPolicy change: **"
            + (afterChange - puts)
            + "**; PUTs after re-applying it unchanged: **"
            + (puts() - afterChange)
            + "**.");
  }

  private void scale() throws Exception {
    int perPolicyPorts = SCALE_REQUESTS / SCALE_POLICIES;
    int policyNames = SCALE_POLICIES / VMS;
    List<String> names = new ArrayList<>();
    long policiesStart = System.currentTimeMillis();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    for (int n = 0; n < policyNames; n++) {
      for (int vm = 0; vm < VMS; vm++) {
        String name = "scale-" + n + "-" + vm;
        names.add(name);
        int azurePolicy = n;
        int machine = vm;
        pool.submit(() -> createScalePolicy(name, azurePolicy, machine, perPolicyPorts));
      }
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    await()
        .atMost(Duration.ofMinutes(10))
        .until(() -> names.stream().allMatch(OperatorBenchmark::synced));
    long policiesReady = System.currentTimeMillis() - policiesStart;

    long requestsStart = System.currentTimeMillis();
    ExecutorService creators = Executors.newFixedThreadPool(16);
    List<String> requests = Collections.synchronizedList(new ArrayList<>());
    for (int n = 0; n < policyNames; n++) {
      for (int vm = 0; vm < VMS; vm++) {
        for (int p = 0; p < perPolicyPorts; p++) {
          String policy = "scale-" + n + "-" + vm;
          int port = 10000 + n * perPolicyPorts + p;
          int machine = vm;
          creators.submit(
              () -> requests.add(createRequest(policy, "s-" + policy + "-" + port, machine, port)));
        }
      }
    }
    creators.shutdown();
    creators.awaitTermination(30, TimeUnit.MINUTES);
    await()
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> requests.stream().allMatch(r -> active.containsKey(r)));
    long requestsActive = System.currentTimeMillis() - requestsStart;
    long peakRss = procStatusKib(operator.pid(), "VmHWM:");
    // The live heap is what the caches hold after a full collection in the operator itself.
    Shell.run(Map.of(), Duration.ofMinutes(1), "jcmd", String.valueOf(operator.pid()), "GC.run")
        .assertSuccess();
    Thread.sleep(2000);
    long rss = procStatusKib(operator.pid(), "VmRSS:");
    double heap = metricSum(operator, "jvm_memory_used_bytes{area=\"heap\"");

    operator.stop();
    long restart = System.currentTimeMillis();
    operator = startOperator("operator-restarted");
    long started = System.currentTimeMillis() - restart;
    int total =
        client.resources(JitPolicy.class).inNamespace(NS).list().getItems().size()
            + client.resources(JitAccessRequest.class).inNamespace(NS).list().getItems().size();
    long first =
        timeUntil(
            restart, () -> metricSum(operator, "operator_sdk_reconciliations_started_total") >= 1);
    long all =
        timeUntil(
            restart,
            () -> metricSum(operator, "operator_sdk_reconciliations_started_total") >= total);
    report.add(
        String.format(
            Locale.ROOT,
            "- Scale: %d JitPolicies Ready in %.0f s; %d JitAccessRequests Active in %.0f s.",
            names.size(),
            policiesReady / 1000.0,
            requests.size(),
            requestsActive / 1000.0));
    report.add(
        String.format(
            Locale.ROOT,
            "- Operator memory with %d JitPolicies and %d JitAccessRequests (plus the rounds"
                + " above), JVM options of deploy/base: **%d MiB resident at peak**, %d MiB after"
                + " a full GC, %.0f MiB live heap.",
            client.resources(JitPolicy.class).inNamespace(NS).list().getItems().size(),
            client.resources(JitAccessRequest.class).inNamespace(NS).list().getItems().size(),
            peakRss / 1024,
            rss / 1024,
            heap / (1024 * 1024)));
    report.add(
        String.format(
            Locale.ROOT,
            "- Restart: process start to controllers started %.1f s, to first reconcile %.1f s,"
                + " to all %d resources reconciled %.1f s.",
            started / 1000.0,
            first / 1000.0,
            total,
            all / 1000.0));
  }

  private static long timeUntil(long since, java.util.concurrent.Callable<Boolean> condition) {
    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(condition);
    return System.currentTimeMillis() - since;
  }

  private List<Long> openAll(String policy, List<int[]> targets, int parallel) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    CountDownLatch go = new CountDownLatch(1);
    List<String> names = Collections.synchronizedList(new ArrayList<>());
    for (int[] target : targets) {
      pool.submit(
          () -> {
            go.await();
            String name = policy + "-r-" + target[0] + "-" + target[1];
            names.add(createRequest(policy, name, target[0], target[1]));
            return null;
          });
    }
    go.countDown();
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    await()
        .atMost(Duration.ofMinutes(10))
        .until(() -> names.stream().allMatch(active::containsKey));
    return names.stream().map(n -> active.get(n) - created.get(n)).toList();
  }

  private static String createRequest(String policy, String name, int vm, int port) {
    var request = new JitAccessRequest();
    request.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
    var spec = new JitAccessRequestSpec();
    spec.setPolicyRef(new PolicyReference(policy, null));
    spec.setVirtualMachine(vmName(vm));
    spec.setPorts(List.of(port));
    spec.setSourceAddressPrefix("10.20.0.17");
    spec.setDuration("PT1H");
    request.setSpec(spec);
    client.resource(request).create();
    created.put(name, System.currentTimeMillis());
    return name;
  }

  private static void seen(JitAccessRequest request) {
    var status = request.getStatus();
    if (status != null
        && status.getPhase() == AccessPhase.Active
        && Conditions.isTrue(status.getConditions(), "Active")) {
      active.putIfAbsent(request.getMetadata().getName(), System.currentTimeMillis());
    }
  }

  private void createPolicies(List<String> names, int vms, int portsPerVm) {
    for (String name : names) {
      var spec = spec(name);
      for (int vm = 0; vm < vms; vm++) {
        var rule = new VirtualMachineRule();
        rule.setName(vmName(vm));
        List<PortRule> ports = new ArrayList<>();
        for (int p = 0; p < portsPerVm; p++) {
          ports.add(port(basePort(name) + p));
        }
        rule.setPorts(ports);
        spec.getVirtualMachines().add(rule);
      }
      apply(name, spec);
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> names.stream().allMatch(OperatorBenchmark::synced));
  }

  private static void createScalePolicy(String name, int azurePolicy, int vm, int ports) {
    var spec = spec("scale-" + azurePolicy);
    var rule = new VirtualMachineRule();
    rule.setName(vmName(vm));
    List<PortRule> list = new ArrayList<>();
    for (int p = 0; p < ports; p++) {
      list.add(port(10000 + azurePolicy * ports + p));
    }
    rule.setPorts(list);
    spec.getVirtualMachines().add(rule);
    apply(name, spec);
  }

  private static JitPolicySpec spec(String azurePolicyName) {
    var azure = new AzurePolicyTarget();
    azure.setSubscriptionId(Stack.SUBSCRIPTION);
    azure.setResourceGroup("rg-bench");
    azure.setLocation("westeurope");
    azure.setPolicyName(azurePolicyName);
    var spec = new JitPolicySpec();
    spec.setAzure(azure);
    spec.setVirtualMachines(new ArrayList<>());
    return spec;
  }

  private static void apply(String name, JitPolicySpec spec) {
    var policy = new JitPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
    policy.setSpec(spec);
    client.resource(policy).create();
  }

  private static PortRule port(int number) {
    var port = new PortRule();
    port.setNumber(number);
    port.setProtocol("TCP");
    port.setAllowedSourceAddressPrefixes(List.of("10.20.0.0/24"));
    port.setMaxRequestAccessDuration("PT3H");
    return port;
  }

  private static boolean synced(String name) {
    var policy = client.resources(JitPolicy.class).inNamespace(NS).withName(name).get();
    return policy != null
        && policy.getStatus() != null
        && policy.getMetadata().getGeneration().equals(policy.getStatus().getObservedGeneration())
        && Conditions.isTrue(policy.getStatus().getConditions(), "Ready");
  }

  private int basePort(String policy) {
    return switch (policy) {
      case "lat-0" -> 1000;
      case "lat-150" -> 1100;
      case "saturation" -> 1200;
      default -> 1300 + Math.abs(policy.hashCode() % 50) * 50;
    };
  }

  private int port(String policy, int index) {
    return basePort(policy) + index;
  }

  private long[] baseline(String policy, int vm, int port) throws Exception {
    String classpath =
        Stack.jar("operator", "azure-jit-operator")
            + ":"
            + Shell.REPO.resolve("e2e/target/test-classes");
    String policyId =
        "/subscriptions/"
            + Stack.SUBSCRIPTION
            + "/resourceGroups/rg-bench/providers/Microsoft.Security/locations/westeurope/"
            + "jitNetworkAccessPolicies/"
            + policy;
    var result =
        Shell.run(
                Map.of(),
                Duration.ofMinutes(2),
                "java",
                "-cp",
                classpath,
                DirectInitiate.class.getName(),
                "https://127.0.0.1:" + stack.emulatorPort,
                stack.caFile().toString(),
                policyId,
                vmId(vm),
                String.valueOf(port),
                "10.20.0.17",
                String.valueOf(POLL_MILLIS))
            .assertSuccess();
    Matcher times = Pattern.compile("total-ms (\\d+) azure-ms (\\d+)").matcher(result.output());
    assertThat(times.find()).as(result.output()).isTrue();
    return new long[] {Long.parseLong(times.group(1)), Long.parseLong(times.group(2))};
  }

  private static RunningProcess startOperator(String name) {
    return stack.startOperator(
        name,
        "--leader-election=false",
        "--initiating-recheck=PT0.1S",
        "--active-recheck=PT10M",
        "--drift-period=PT10M",
        "--reconcile-threads=50");
  }

  private static void row(int latency, String what, List<Long> values, long baselineP50) {
    long p50 = percentile(values, 50);
    report.add(
        String.format(
            Locale.ROOT,
            "| %d ms | %s | %d | %d | %d | %d | %d | %.2f |",
            latency,
            what,
            values.size(),
            p50,
            percentile(values, 95),
            percentile(values, 99),
            percentile(values, 100),
            p50 / (double) Math.max(1, baselineP50)));
  }

  static long percentile(List<Long> values, int percentile) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static Map<String, Long> calls() {
    Map<String, Long> calls = new java.util.HashMap<>();
    stack
        .admin("GET", "calls", null)
        .fields()
        .forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asLong()));
    return calls;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String operation) {
    long sum = 0;
    for (var entry : after.entrySet()) {
      if (entry.getKey().startsWith(operation + " ")) {
        sum += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      }
    }
    return sum;
  }

  private static long puts() {
    return calls().entrySet().stream()
        .filter(e -> e.getKey().startsWith("put "))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static double metricSum(RunningProcess process, String prefix) {
    Matcher port = Pattern.compile("http port (\\d+)").matcher(process.output());
    if (!port.find()) {
      return 0;
    }
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port.group(1) + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double sum = 0;
      for (String line : body.split("\n")) {
        if (line.startsWith(prefix)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static long procStatusKib(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return -1;
  }

  private static String vmName(int i) {
    return "vm-b-" + i;
  }

  private static String vmId(int i) {
    return Stack.vmId("rg-bench", vmName(i));
  }

  private static String readString(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
