package io.azurejit.emulator;

import static io.azurejit.emulator.ArmCalls.API;
import static io.azurejit.emulator.ArmCalls.initiateBody;
import static io.azurejit.emulator.ArmCalls.policyBody;
import static io.azurejit.emulator.ArmCalls.policyPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottlingAndFaultsTest {

  private JitEmulator emulator;
  private ArmCalls arm;

  private void start(EmulatorOptions options) {
    emulator = JitEmulator.start(options, 0, List.of(ArmCalls.vm("vm1", "10.0.1.4")));
    arm = new ArmCalls(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void writesBeyondTheBucketAre429WithRetryAfterAndRemainingHeaders() {
    start(EmulatorOptions.defaults().withThrottling(new ThrottleLimits(100, 10, 2, 1, 100, 10)));

    var first = arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    var second = arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    var third = arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    var read = arm.get(policyPath("default") + API);

    assertThat(first.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("1");
    assertThat(second.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("0");
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.errorCode()).isEqualTo("SubscriptionRequestsThrottled");
    assertThat(Integer.parseInt(third.header("Retry-After"))).isPositive();
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.header("x-ms-ratelimit-remaining-subscription-reads")).isEqualTo("99");
  }

  @Test
  void injectedErrorsHitTheNamedOperationTheGivenNumberOfTimes() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    emulator.faults().add(Fault.error("get", 503, null, 2));

    var first = arm.get(policyPath("default") + API);
    var second = arm.get(policyPath("default") + API);
    var third = arm.get(policyPath("default") + API);

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.errorCode()).isEqualTo("ServiceUnavailable");
    assertThat(second.status()).isEqualTo(503);
    assertThat(third.status()).isEqualTo(200);
    assertThat(emulator.calls()).containsEntry("get 503", 2L).containsEntry("get 200", 1L);
  }

  @Test
  void droppedConnectionAfterInitiateLeavesTheRequestInAzure() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    emulator.faults().add(Fault.dropAfterEffect("initiate", 1));
    String body =
        initiateBody(
            "vm1", 22, "10.0.0.1", emulator.clock().instant().plus(Duration.ofMinutes(10)));

    assertThatThrownBy(() -> arm.post(policyPath("default") + "/initiate" + API, body))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(emulator.service().requestHistory()).hasSize(1);
    assertThat(arm.allowRules("vm1")).hasSize(1);
  }

  @Test
  void injectedFaultBeforeTheEffectChangesNothing() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    emulator.faults().add(Fault.error("initiate", 500, null, 1));
    String body =
        initiateBody(
            "vm1", 22, "10.0.0.1", emulator.clock().instant().plus(Duration.ofMinutes(10)));

    assertThat(arm.post(policyPath("default") + "/initiate" + API, body).status()).isEqualTo(500);
    assertThat(emulator.service().requestHistory()).isEmpty();
  }

  @Test
  void latencyIsAddedToMatchingCalls() {
    start(EmulatorOptions.defaults());
    emulator.faults().add(Fault.latency("get", 300));

    long started = System.nanoTime();
    arm.get(policyPath("default") + API);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
  }

  @Test
  void adminApiMovesTheClockAndResets() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    var before = emulator.clock().instant();

    var moved = arm.post("/_emulator/clock", "{\"advance\":\"PT1H\"}");
    var rules = arm.get("/_emulator/network-rules");
    var reset = arm.post("/_emulator/reset", "");

    assertThat(moved.status()).isEqualTo(200);
    assertThat(java.time.Instant.parse(moved.body().get("now").asText()))
        .isAfter(before.plus(Duration.ofMinutes(59)));
    assertThat(rules.body()).hasSize(1);
    assertThat(reset.status()).isEqualTo(200);
    assertThat(arm.get(policyPath("default") + API).status()).isEqualTo(404);
    assertThat(arm.get("/_emulator/virtual-machines").body()).hasSize(1);
  }
}
