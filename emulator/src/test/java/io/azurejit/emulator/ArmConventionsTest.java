package io.azurejit.emulator;

import static io.azurejit.emulator.ArmCalls.API;
import static io.azurejit.emulator.ArmCalls.GROUP;
import static io.azurejit.emulator.ArmCalls.SUBSCRIPTION;
import static io.azurejit.emulator.ArmCalls.initiateBody;
import static io.azurejit.emulator.ArmCalls.policyBody;
import static io.azurejit.emulator.ArmCalls.policyPath;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ARM behaviour shared by all operations: paths, headers, paging, identity, last writer wins. */
class ArmConventionsTest {

  private JitEmulator emulator;
  private ArmCalls arm;

  private void start(EmulatorOptions options) {
    emulator =
        JitEmulator.start(
            options,
            0,
            List.of(
                ArmCalls.vm("vm1", "10.0.1.4"),
                ArmCalls.vm("vm2", "10.0.1.5"),
                ArmCalls.vm("vm3", "10.0.1.6")));
    arm = new ArmCalls(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void pathSegmentsAreCaseInsensitiveAndTheServerFillsIdentity() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("Default") + API, policyBody(22, "*", "vm1"));

    var answer =
        arm.get(
            policyPath("default")
                    .replace("resourceGroups/" + GROUP, "RESOURCEGROUPS/RG-APPS")
                    .replace("Microsoft.Security", "microsoft.security")
                + API);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("name").asText()).isEqualTo("Default");
    assertThat(answer.body().get("location").asText()).isEqualTo("westeurope");
    assertThat(answer.body().get("type").asText())
        .isEqualTo("Microsoft.Security/locations/jitNetworkAccessPolicies");
    assertThat(answer.body().get("id").asText()).isEqualTo(policyPath("Default"));
  }

  @Test
  void everyAnswerCarriesArmHeadersAndEchoesTheClientRequestId() {
    start(EmulatorOptions.defaults());

    var answer =
        arm.send(
            "GET",
            policyPath("default") + API,
            null,
            Map.of("x-ms-client-request-id", "abc-123", "x-ms-correlation-request-id", "corr-1"));

    assertThat(answer.header("x-ms-request-id")).isNotBlank();
    assertThat(answer.header("x-ms-client-request-id")).isEqualTo("abc-123");
    assertThat(answer.header("x-ms-correlation-request-id")).isEqualTo("corr-1");
    assertThat(answer.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
  }

  @Test
  void listsCoverTheirScopeAndClientRequestsAreIgnored() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("a") + API, policyBody(22, "*", "vm1"));
    arm.put(policyPath("b").replace("westeurope", "northeurope") + API, policyBody(22, "*", "vm2"));
    arm.put(
        policyPath("c") + API,
        "{\"properties\":{\"virtualMachines\":[],\"requests\":[{\"virtualMachines\":[],\"startTimeUtc\":\"2020-01-01T00:00:00Z\",\"requestor\":\"x\"}]}}");
    String base = "/subscriptions/" + SUBSCRIPTION;

    assertThat(
            names(arm.get(base + "/providers/Microsoft.Security/jitNetworkAccessPolicies" + API)))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(
            names(
                arm.get(
                    base
                        + "/providers/Microsoft.Security/locations/northeurope/jitNetworkAccessPolicies"
                        + API)))
        .containsExactly("b");
    assertThat(
            names(
                arm.get(
                    base
                        + "/resourceGroups/"
                        + GROUP
                        + "/providers/Microsoft.Security/jitNetworkAccessPolicies"
                        + API)))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(
            names(
                arm.get(
                    base
                        + "/resourceGroups/"
                        + GROUP
                        + "/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies"
                        + API)))
        .containsExactlyInAnyOrder("a", "c");
    assertThat(arm.get(policyPath("c") + API).body().at("/properties/requests")).isEmpty();
  }

  @Test
  void pagedListsLinkToTheNextPageWithAnAbsoluteUrlCarryingTheApiVersion() {
    start(EmulatorOptions.defaults().withPageSize(2));
    for (String name : List.of("a", "b", "c", "d", "e")) {
      arm.put(policyPath(name) + API, policyBody(22, "*", "vm1"));
    }

    List<String> seen = new ArrayList<>();
    var page =
        arm.get(
            "/subscriptions/"
                + SUBSCRIPTION
                + "/providers/Microsoft.Security/jitNetworkAccessPolicies"
                + API);
    seen.addAll(names(page));
    while (page.body().has("nextLink")) {
      String next = page.body().get("nextLink").asText();
      assertThat(next).startsWith(emulator.baseUrl()).contains("api-version=2020-01-01");
      page = arm.get(next);
      seen.addAll(names(page));
    }

    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void requestorIsTheIdentityInTheBearerToken() {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    String claims = "{\"upn\":\"pipeline@contoso.com\",\"oid\":\"1234\"}";
    String token =
        "e30."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".sig";

    var answer =
        arm.send(
            "POST",
            policyPath("default") + "/initiate" + API,
            initiateBody(
                "vm1", 22, "10.0.0.1", emulator.clock().instant().plus(Duration.ofMinutes(10))),
            Map.of("Authorization", "Bearer " + token));

    assertThat(answer.body().get("requestor").asText()).isEqualTo("pipeline@contoso.com");
  }

  @Test
  void requireAuthAnswers401WithoutABearerToken() {
    start(EmulatorOptions.defaults().withRequireAuth(true));

    var anonymous = arm.get(policyPath("default") + API);
    var withToken =
        arm.send(
            "GET", policyPath("default") + API, null, Map.of("Authorization", "Bearer anything"));

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorCode()).isEqualTo("AuthenticationFailed");
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(withToken.status()).isEqualTo(404);
  }

  @Test
  void concurrentReadModifyWriteLosesAnUpdateBecauseThereIsNoEtag() throws Exception {
    start(EmulatorOptions.defaults());
    arm.put(policyPath("default") + API, policyBody(22, "*", "vm1"));
    var bothRead = new CountDownLatch(2);

    var addVm2 = CompletableFuture.runAsync(() -> readModifyWrite("vm2", bothRead));
    var addVm3 = CompletableFuture.runAsync(() -> readModifyWrite("vm3", bothRead));
    CompletableFuture.allOf(addVm2, addVm3).get();

    var ids = new ArrayList<String>();
    arm.get(policyPath("default") + API)
        .body()
        .at("/properties/virtualMachines")
        .forEach(vm -> ids.add(vm.get("id").asText()));
    assertThat(ids).hasSize(2).contains(ArmCalls.vmId("vm1"));
  }

  private void readModifyWrite(String vm, CountDownLatch bothRead) {
    var current = arm.get(policyPath("default") + API).body();
    bothRead.countDown();
    try {
      bothRead.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    var vms =
        (com.fasterxml.jackson.databind.node.ArrayNode) current.at("/properties/virtualMachines");
    vms.add(
        ArmCalls.JSON
            .createObjectNode()
            .put("id", ArmCalls.vmId(vm))
            .set("ports", vms.get(0).get("ports")));
    arm.put(policyPath("default") + API, current.toString());
  }

  private static List<String> names(ArmCalls.Answer answer) {
    List<String> names = new ArrayList<>();
    answer.body().get("value").forEach(p -> names.add(p.get("name").asText()));
    return names;
  }
}
