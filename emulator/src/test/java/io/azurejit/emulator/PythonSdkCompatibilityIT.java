package io.azurejit.emulator;

import static io.azurejit.emulator.ArmCalls.GROUP;
import static io.azurejit.emulator.ArmCalls.LOCATION;
import static io.azurejit.emulator.ArmCalls.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft's published Python SDK for Microsoft.Security, pointed at the emulator as a custom ARM
 * endpoint, works unchanged: every JIT operation, paging by {@code nextLink}, ARM errors mapped to
 * the SDK's exception types, and HTTPS trusting only the emulator's CA. The build installs the SDK
 * into a virtual environment first ({@code src/test/python/prepare}).
 */
class PythonSdkCompatibilityIT {

  private static final Path SCRIPT = Path.of("src/test/python/sdk_check.py");
  private static final String VM = ArmCalls.vmId("vm1");

  private JitEmulator emulator;

  @BeforeEach
  void start() {
    emulator =
        JitEmulator.start(
            EmulatorOptions.defaults().withPageSize(1), 0, List.of(ArmCalls.vm("vm1", "10.0.1.4")));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void everyJitOperationWorksThroughThePythonSdk(@TempDir Path dir) throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, emulator.caCertificatePem());

    JsonNode report = runSdkCheck(ca);

    assertThat(report.at("/created/name").asText()).isEqualTo("default");
    assertThat(report.at("/created/kind").asText()).isEqualTo("Basic");
    assertThat(report.at("/created/location").asText()).isEqualTo(LOCATION);
    assertThat(report.at("/created/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(report.at("/created/id").asText()).isEqualTo(ArmCalls.policyPath("default"));
    assertThat(report.at("/fetched/0/id").asText()).isEqualTo(VM);
    assertThat(report.at("/fetched/0/ports").toString()).isEqualTo("[22]");
    for (String list :
        List.of("subscription", "region", "resourceGroup", "resourceGroupAndRegion")) {
      assertThat(report.at("/lists/" + list).toString())
          .as("the SDK follows nextLink across pages of one for %s", list)
          .isEqualTo("[\"default\",\"second\",\"third\"]");
    }
    assertThat(report.at("/initiated/justification").asText()).isEqualTo("sdk check");
    assertThat(report.at("/initiated/ports/0/source").asText()).isEqualTo("10.0.0.17");
    assertThat(report.at("/initiated/ports/0/status").asText()).isEqualTo("Initiating");
    assertThat(report.at("/history")).hasSize(1);
    assertThat(report.at("/history/0/requestor").asText()).isEqualTo("sdk-check@example.com");
    assertThat(report.at("/absent/type").asText()).isEqualTo("ResourceNotFoundError");
    assertThat(report.at("/absent/code").asText()).isEqualTo("ResourceNotFound");
    assertThat(report.at("/invalid/status").asInt()).isEqualTo(400);
    assertThat(report.at("/invalid/message").asText()).contains("PT25H");
    assertThat(report.at("/afterDelete/status").asInt()).isEqualTo(404);

    assertThat(new ArmCalls(emulator).allowRules("vm1"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.sourceAddressPrefix()).isEqualTo("10.0.0.17");
              assertThat(rule.destinationPorts()).containsExactly(22);
            });
  }

  private JsonNode runSdkCheck(Path ca) throws IOException, InterruptedException {
    Path python = Path.of(System.getProperty("python.sdk.venv"), "bin", "python");
    assertThat(python)
        .as("the build prepares the SDK with src/test/python/prepare before this test")
        .isExecutable();
    List<String> command = new ArrayList<>();
    command.add(python.toString());
    command.add(SCRIPT.toString());
    command.addAll(List.of(emulator.baseUrl(), ca.toString(), SUBSCRIPTION, GROUP, LOCATION, VM));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = process.waitFor(2, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(finished).as("the SDK check finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return ArmCalls.JSON.readTree(output);
  }
}
