package io.azurejit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays every example of the official API specification against the emulator and compares the
 * answer with the example: same status, same fields, same values apart from ids and times.
 */
class SpecExamplesContractTest {

  private static final Set<String> VARYING = Set.of("id", "startTimeUtc", "endTimeUtc");
  private static final String BARBARA =
      "Bearer x."
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString("{\"upn\":\"barbara@contoso.com\"}".getBytes(StandardCharsets.UTF_8))
          + ".sig";

  private JitEmulator emulator;
  private ArmCalls arm;

  @BeforeEach
  void start() {
    var options =
        EmulatorOptions.defaults().withShuffleHistory(false).withAutoRegisterVirtualMachines(true);
    emulator = JitEmulator.start(options, 0, List.of());
    arm = new ArmCalls(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void createOrUpdateAnswersLikeTheExample() throws IOException {
    var example = example("CreateJitNetworkAccessPolicy_example.json");
    var body = (ObjectNode) example.at("/parameters/body").deepCopy();

    var answer = arm.put(path(example.get("parameters")) + ArmCalls.API, body.toString());

    assertThat(answer.status()).isEqualTo(200);
    var expected = (ObjectNode) example.at("/responses/200/body").deepCopy();
    // Azure keeps its own request history; the requests[] a client sends are not stored.
    ((ObjectNode) expected.get("properties")).putArray("requests");
    assertSameDocument(answer.body(), expected, "");
  }

  @Test
  void getAnswersLikeTheExample() throws IOException {
    var example = example("GetJitNetworkAccessPolicy_example.json");
    var expected = example.at("/responses/200/body");
    recreate(expected);

    var answer = arm.get(path(example.get("parameters")) + ArmCalls.API);

    assertThat(answer.status()).isEqualTo(200);
    assertSameDocument(answer.body(), expected, "");
  }

  @Test
  void listByResourceGroupAndLocationAnswersLikeTheExample() throws IOException {
    assertListAnswersLikeExample("GetJitNetworkAccessPoliciesResourceGroupLocation_example.json");
  }

  @Test
  void listBySubscriptionAnswersLikeTheExample() throws IOException {
    assertListAnswersLikeExample("GetJitNetworkAccessPoliciesSubscription_example.json");
  }

  @Test
  void deleteAnswers200ThenLike204() throws IOException {
    var example = example("DeleteJitNetworkAccessPolicy_example.json");
    String path = path(example.get("parameters"));
    arm.put(path + ArmCalls.API, ArmCalls.policyBodyFor(vmIdIn(example.get("parameters"), "vm1")));

    assertThat(arm.delete(path + ArmCalls.API).status()).isEqualTo(200);
    assertThat(arm.delete(path + ArmCalls.API).status()).isEqualTo(204);
    assertThat(example.get("responses").has("200")).isTrue();
    assertThat(example.get("responses").has("204")).isTrue();
  }

  @Test
  void initiateAnswersLikeTheExample() throws IOException {
    var example = example("InitiateJitNetworkAccessPolicy_example.json");
    var parameters = example.get("parameters");
    var body = (ObjectNode) parameters.get("body").deepCopy();
    String vmId = body.at("/virtualMachines/0/id").asText();
    arm.put(path(parameters) + ArmCalls.API, ArmCalls.policyBodyFor(vmId));
    ((ObjectNode) body.at("/virtualMachines/0/ports/0"))
        .put("endTimeUtc", Instant.now().plus(Duration.ofHours(1)).toString());

    var answer =
        arm.send(
            "POST",
            path(parameters) + "/initiate" + ArmCalls.API,
            body.toString(),
            Map.of("Authorization", BARBARA));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.header("Location")).isNull();
    assertThat(answer.header("Azure-AsyncOperation")).isNull();
    var expected = (ObjectNode) example.at("/responses/202/body").deepCopy();
    // The example's answer names another subscription than its request; ids are not compared.
    assertSameDocument(answer.body(), expected, "");
  }

  private void assertListAnswersLikeExample(String file) throws IOException {
    var example = example(file);
    var expected = example.at("/responses/200/body");
    for (JsonNode policy : expected.get("value")) {
      recreate(policy);
    }

    var answer = arm.get(listPath(example.get("parameters")));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("x-ms-ratelimit-remaining-subscription-resource-requests"))
        .isNotNull();
    assertSameDocument(answer.body(), expected, "");
  }

  /** Creates the policy an example shows, with the same request history. */
  private void recreate(JsonNode policy) {
    String path = policy.get("id").asText();
    var body = WireFormat.JSON.createObjectNode();
    body.put("kind", policy.get("kind").asText());
    body.putObject("properties")
        .set("virtualMachines", policy.at("/properties/virtualMachines").deepCopy());
    assertThat(arm.put(path + ArmCalls.API, body.toString()).status()).isEqualTo(200);
    for (JsonNode request : policy.at("/properties/requests")) {
      var initiate = (ObjectNode) request.deepCopy();
      initiate.remove(List.of("startTimeUtc", "requestor"));
      for (JsonNode vm : initiate.get("virtualMachines")) {
        for (JsonNode port : vm.get("ports")) {
          ((ObjectNode) port).remove(List.of("status", "statusReason"));
          ((ObjectNode) port).put("endTimeUtc", Instant.now().plus(Duration.ofHours(1)).toString());
        }
      }
      var answer =
          arm.send(
              "POST",
              path + "/initiate" + ArmCalls.API,
              initiate.toString(),
              Map.of("Authorization", BARBARA));
      assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
    }
    emulator.clock().advance(Duration.ofSeconds(5));
  }

  private static void assertSameDocument(JsonNode actual, JsonNode expected, String at) {
    if (expected.isObject()) {
      assertThat(fieldNames(actual)).as("fields at %s", at).isEqualTo(fieldNames(expected));
      expected
          .fields()
          .forEachRemaining(
              field -> {
                if (!VARYING.contains(field.getKey())) {
                  assertSameDocument(
                      actual.get(field.getKey()), field.getValue(), at + "/" + field.getKey());
                }
              });
    } else if (expected.isArray()) {
      assertThat(actual.size()).as("size of %s", at).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSameDocument(actual.get(i), expected.get(i), at + "/" + i);
      }
    } else {
      assertThat(actual).as("value at %s", at).isEqualTo(expected);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(String::compareTo);
    return names;
  }

  private static JsonNode example(String name) throws IOException {
    try (InputStream in =
        SpecExamplesContractTest.class.getResourceAsStream("/azure-specs/examples/" + name)) {
      return WireFormat.JSON.readTree(in);
    }
  }

  private static String path(JsonNode parameters) {
    return "/subscriptions/"
        + parameters.get("subscriptionId").asText()
        + "/resourceGroups/"
        + parameters.get("resourceGroupName").asText()
        + "/providers/Microsoft.Security/locations/"
        + parameters.get("ascLocation").asText()
        + "/jitNetworkAccessPolicies/"
        + parameters.get("jitNetworkAccessPolicyName").asText();
  }

  private static String listPath(JsonNode parameters) {
    String path = "/subscriptions/" + parameters.get("subscriptionId").asText();
    if (parameters.has("resourceGroupName")) {
      path += "/resourceGroups/" + parameters.get("resourceGroupName").asText();
    }
    path += "/providers/Microsoft.Security";
    if (parameters.has("ascLocation")) {
      path += "/locations/" + parameters.get("ascLocation").asText();
    }
    return path + "/jitNetworkAccessPolicies" + ArmCalls.API;
  }

  private static String vmIdIn(JsonNode parameters, String vm) {
    return "/subscriptions/"
        + parameters.get("subscriptionId").asText()
        + "/resourceGroups/"
        + parameters.get("resourceGroupName").asText()
        + "/providers/Microsoft.Compute/virtualMachines/"
        + vm;
  }
}
