package io.azurejit.emulator;

import static io.azurejit.emulator.ArmCalls.API;
import static io.azurejit.emulator.ArmCalls.initiateBody;
import static io.azurejit.emulator.ArmCalls.policyBody;
import static io.azurejit.emulator.ArmCalls.policyPath;
import static io.azurejit.emulator.ArmCalls.vmId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each validation rule of PUT and initiate, with the status and message Azure gives. */
class ValidationTest {

  private static JitEmulator emulator;
  private static ArmCalls arm;

  @BeforeAll
  static void start() {
    emulator = JitEmulator.start(EmulatorOptions.defaults(), 0, List.of());
    arm = new ArmCalls(emulator);
  }

  @BeforeEach
  void seed() {
    emulator.reset();
    emulator.service().registerVirtualMachine(ArmCalls.vm("vm1", "10.0.1.4"));
    emulator.service().registerVirtualMachine(new VirtualMachine(vmId("bare"), "10.0.1.9", null));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void apiVersionIsRequiredAndMustBeKnown() {
    assertThat(arm.get(policyPath("default")).errorCode()).isEqualTo("MissingApiVersionParameter");
    var wrong = arm.get(policyPath("default") + "?api-version=2015-06-01-preview");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.errorCode()).isEqualTo("InvalidApiVersionParameter");
  }

  @Test
  void missingPolicyIs404AndDeletingItIs204() {
    var get = arm.get(policyPath("nothing") + API);
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(arm.delete(policyPath("nothing") + API).status()).isEqualTo(204);
  }

  @Test
  void requiredFieldsAreChecked() {
    assertInvalid("{\"kind\":\"Basic\"}", 400, "properties property is required");
    assertInvalid("{\"properties\":{}}", 400, "virtualMachines property is required");
    assertInvalid(
        port(
            "\"protocol\":\"TCP\",\"allowedSourceAddressPrefix\":\"*\",\"maxRequestAccessDuration\":\"PT3H\""),
        400,
        "number property is required");
    assertInvalid(
        port("\"number\":22,\"protocol\":\"TCP\",\"allowedSourceAddressPrefix\":\"*\""),
        400,
        "maxRequestAccessDuration property is required");
  }

  @Test
  void portProtocolAndDurationAreChecked() {
    assertInvalid(
        port(rule(70000, "TCP", "\"allowedSourceAddressPrefix\":\"*\"", "PT3H")),
        400,
        "out of range");
    assertInvalid(
        port(rule(22, "tcp", "\"allowedSourceAddressPrefix\":\"*\"", "PT3H")),
        400,
        "protocol 'tcp' is not valid");
    assertInvalid(
        port(rule(22, "TCP", "\"allowedSourceAddressPrefix\":\"*\"", "PT4M")),
        400,
        "between 5 minutes and 1 day");
    assertInvalid(
        port(rule(22, "TCP", "\"allowedSourceAddressPrefix\":\"*\"", "PT25H")),
        400,
        "between 5 minutes and 1 day");
    assertInvalid(
        port(rule(22, "TCP", "\"allowedSourceAddressPrefix\":\"*\"", "3 hours")),
        400,
        "not a valid ISO 8601 duration");
  }

  @Test
  void emptyProtocolFailsWithAServerErrorLikeAzure() {
    assertInvalid(
        port(rule(22, "", "\"allowedSourceAddressPrefix\":\"*\"", "PT3H")),
        500,
        "Internal server error has occurred.");
  }

  @Test
  void singleAndListSourceFieldsAreExclusive() {
    assertInvalid(
        port(
            rule(
                22,
                "TCP",
                "\"allowedSourceAddressPrefix\":\"*\",\"allowedSourceAddressPrefixes\":[\"10.0.0.1\"]",
                "PT3H")),
        400,
        "Only one of allowedSourceAddressPrefix and allowedSourceAddressPrefixes");
    assertInvalid(
        port(rule(22, "TCP", "\"allowedSourceAddressPrefix\":\"10.0.0.0/33\"", "PT3H")),
        400,
        "not a valid IP address or CIDR");
  }

  @Test
  void malformedVmIdFailsTheLinkedAuthorizationCheck() {
    var answer = arm.put(policyPath("default") + API, body("/subscriptions//subscriptions/x/vm1"));
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errorCode()).isEqualTo("LinkedAuthorizationFailed");
  }

  @Test
  void unknownVmIsNotFoundAndVmWithoutNsgIsNotSupported() {
    var unknown = arm.put(policyPath("default") + API, policyBody(22, "*", "ghost"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorMessage()).contains("virtualMachines/ghost");
    var bare = arm.put(policyPath("default") + API, policyBody(22, "*", "bare"));
    assertThat(bare.status()).isEqualTo(400);
    assertThat(bare.errorMessage()).contains("not supported");
  }

  @Test
  void policyNameAndVmNameTogetherAreAtMost56Characters() {
    String longName = "p".repeat(54);
    var answer = arm.put(policyPath(longName) + API, policyBody(22, "*", "vm1"));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorMessage()).contains("56 characters");
    assertThat(arm.put(policyPath("p".repeat(53)) + API, policyBody(22, "*", "vm1")).status())
        .isEqualTo(200);
  }

  @Test
  void initiateOutsideThePolicyIsNotASubset() {
    arm.put(policyPath("default") + API, policyBody(22, "10.20.0.0/24", "vm1"));
    Instant now = emulator.clock().instant();
    String initiate = policyPath("default") + "/initiate" + API;

    assertNotSubset(
        arm.post(
            initiate, initiateBody("vm1", 3389, "10.20.0.7", now.plus(Duration.ofMinutes(10)))));
    assertNotSubset(
        arm.post(initiate, initiateBody("vm1", 22, "10.30.0.7", now.plus(Duration.ofMinutes(10)))));
    assertNotSubset(
        arm.post(initiate, initiateBody("vm1", 22, "10.20.0.7", now.plus(Duration.ofHours(4)))));
    assertNotSubset(
        arm.post(initiate, initiateBody("vm1", 22, "10.20.0.7", now.minus(Duration.ofMinutes(1)))));
    assertThat(emulator.service().requestHistory()).isEmpty();
    assertThat(arm.allowRules("vm1")).isEmpty();
  }

  @Test
  void exactSourceMatchingAcceptsOnlyTheConfiguredBlock() {
    try (var exact =
        JitEmulator.start(
            EmulatorOptions.defaults().withSourceMatch(EmulatorOptions.SourceMatch.EXACT),
            0,
            List.of(ArmCalls.vm("vm1", "10.0.1.4")))) {
      var calls = new ArmCalls(exact);
      calls.put(policyPath("default") + API, policyBody(22, "10.20.0.0/24", "vm1"));
      Instant end = exact.clock().instant().plus(Duration.ofMinutes(10));

      assertNotSubset(
          calls.post(
              policyPath("default") + "/initiate" + API,
              initiateBody("vm1", 22, "10.20.0.85", end)));
      assertThat(
              calls
                  .post(
                      policyPath("default") + "/initiate" + API,
                      initiateBody("vm1", 22, "10.20.0.0/24", end))
                  .status())
          .isEqualTo(202);
    }
  }

  private static void assertNotSubset(ArmCalls.Answer answer) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorMessage())
        .startsWith("The given access request is not a subset of policy '")
        .contains("/jitNetworkAccessPolicies/default'");
  }

  private static void assertInvalid(String body, int status, String message) {
    var answer = arm.put(policyPath("default") + API, body);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
    assertThat(answer.errorMessage()).contains(message);
  }

  private static String rule(int number, String protocol, String sources, String duration) {
    return "\"number\":%d,\"protocol\":\"%s\",%s,\"maxRequestAccessDuration\":\"%s\""
        .formatted(number, protocol, sources, duration);
  }

  private static String port(String fields) {
    return "{\"properties\":{\"virtualMachines\":[{\"id\":\"%s\",\"ports\":[{%s}]}]}}"
        .formatted(vmId("vm1"), fields);
  }

  private static String body(String vmId) {
    return "{\"properties\":{\"virtualMachines\":[{\"id\":\"%s\",\"ports\":[{%s}]}]}}"
        .formatted(vmId, rule(22, "TCP", "\"allowedSourceAddressPrefix\":\"*\"", "PT3H"));
  }
}
