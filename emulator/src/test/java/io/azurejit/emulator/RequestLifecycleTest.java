package io.azurejit.emulator;

import static io.azurejit.emulator.ArmCalls.API;
import static io.azurejit.emulator.ArmCalls.initiateBody;
import static io.azurejit.emulator.ArmCalls.policyBody;
import static io.azurejit.emulator.ArmCalls.policyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestLifecycleTest {

  private JitEmulator emulator;
  private ArmCalls arm;

  private void start(EmulatorOptions options) {
    emulator = JitEmulator.start(options, 0, List.of(ArmCalls.vm("vm1", "10.0.1.4")));
    arm = new ArmCalls(emulator);
    assertThat(arm.put(policyPath("default") + API, policyBody(22, "10.20.0.0/24", "vm1")).status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void requestGoesFromInitiatingToInitiatedToExpiredOnTheClock() {
    start(EmulatorOptions.defaults());
    Instant end = emulator.clock().instant().plus(Duration.ofMinutes(30));

    var answer =
        arm.post(
            policyPath("default") + "/initiate" + API, initiateBody("vm1", 22, "10.20.0.7", end));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.body().at("/virtualMachines/0/ports/0/status").asText())
        .isEqualTo("Initiating");
    assertThat(arm.allowRules("vm1"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.sourceAddressPrefix()).isEqualTo("10.20.0.7");
              assertThat(rule.destinationAddressPrefix()).isEqualTo("10.0.1.4");
              assertThat(rule.destinationPorts()).containsExactly(22);
              assertThat(rule.name()).startsWith("MicrosoftDefenderForCloud-JITRule-");
            });

    emulator.clock().advance(Duration.ofSeconds(3));
    assertThat(ports())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.get("status").asText()).isEqualTo("Initiated");
              assertThat(port.get("statusReason").asText()).isEqualTo("UserRequested");
            });

    emulator.clock().advance(Duration.ofMinutes(30));
    assertThat(ports())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.get("status").asText()).isEqualTo("Revoked");
              assertThat(port.get("statusReason").asText()).isEqualTo("Expired");
            });
    assertThat(arm.allowRules("vm1")).isEmpty();
  }

  @Test
  void newerRequestForTheSamePortSupersedesTheOlderOne() {
    start(EmulatorOptions.defaults().withShuffleHistory(false));
    Instant end = emulator.clock().instant().plus(Duration.ofMinutes(30));
    arm.post(policyPath("default") + "/initiate" + API, initiateBody("vm1", 22, "10.20.0.7", end));

    var newer =
        arm.post(
            policyPath("default") + "/initiate" + API,
            initiateBody("vm1", 22, "10.20.0.8", end.minus(Duration.ofMinutes(20))));

    assertThat(newer.status()).isEqualTo(202);
    var ports = ports();
    assertThat(ports.get(0).get("status").asText()).isEqualTo("Revoked");
    assertThat(ports.get(0).get("statusReason").asText()).isEqualTo("NewerRequestInitiated");
    assertThat(ports.get(1).get("status").asText()).isEqualTo("Initiating");
    assertThat(arm.allowRules("vm1"))
        .singleElement()
        .extracting(NsgRule::sourceAddressPrefix)
        .isEqualTo("10.20.0.8");
  }

  @Test
  void rejectModeRefusesASecondRequestWhileOneIsActive() {
    start(EmulatorOptions.defaults().withNewerRequest(EmulatorOptions.NewerRequest.REJECT));
    Instant end = emulator.clock().instant().plus(Duration.ofMinutes(30));
    arm.post(policyPath("default") + "/initiate" + API, initiateBody("vm1", 22, "10.20.0.7", end));

    var second =
        arm.post(
            policyPath("default") + "/initiate" + API, initiateBody("vm1", 22, "10.20.0.7", end));

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.errorMessage()).contains("already has an active request");
  }

  @Test
  void omittedSourceIsTheCallersAddress() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    Instant end = emulator.clock().instant().plus(Duration.ofMinutes(30));

    var answer =
        arm.send(
            "POST",
            policyPath("default") + "/initiate" + API,
            initiateBody("vm1", 22, null, end),
            java.util.Map.of("X-Forwarded-For", "203.0.113.9"));

    assertThat(answer.body().at("/virtualMachines/0/ports/0/allowedSourceAddressPrefix").asText())
        .isEqualTo("203.0.113.9");
  }

  @Test
  void historyIsNotReturnedInTimeOrder() {
    start(EmulatorOptions.defaults());
    Instant end = emulator.clock().instant().plus(Duration.ofMinutes(30));
    for (int i = 0; i < 8; i++) {
      arm.post(
          policyPath("default") + "/initiate" + API, initiateBody("vm1", 22, "10.20.0.7", end));
      emulator.clock().advance(Duration.ofSeconds(1));
    }

    boolean sawUnordered = false;
    for (int attempt = 0; attempt < 5 && !sawUnordered; attempt++) {
      List<String> starts = new ArrayList<>();
      arm.get(policyPath("default") + API)
          .body()
          .at("/properties/requests")
          .forEach(r -> starts.add(r.get("startTimeUtc").asText()));
      sawUnordered = !starts.equals(starts.stream().sorted().toList());
    }

    assertThat(sawUnordered).isTrue();
  }

  private List<JsonNode> ports() {
    List<JsonNode> ports = new ArrayList<>();
    arm.get(policyPath("default") + API)
        .body()
        .at("/properties/requests")
        .forEach(r -> r.at("/virtualMachines/0/ports").forEach(ports::add));
    return ports;
  }
}
