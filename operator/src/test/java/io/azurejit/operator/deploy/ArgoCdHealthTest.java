package io.azurejit.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health checks in deploy/argocd, executed as Argo CD executes them: a Lua script with
 * the resource as global {@code obj}, returning a status and a message.
 */
class ArgoCdHealthTest {

  private static final Path CONFIG =
      Path.of(System.getProperty("repo.root", ".."), "deploy/argocd/argocd-cm-health.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void jitAccessRequestHealthFollowsItsPhase() throws IOException {
    Map<String, String> expected =
        Map.of(
            "Pending", "Progressing",
            "Approved", "Progressing",
            "Opening", "Progressing",
            "Active", "Healthy",
            "Expired", "Healthy",
            "Revoked", "Healthy",
            "Denied", "Degraded",
            "Failed", "Degraded");
    for (var phase : expected.entrySet()) {
      var health =
          health(
              "JitAccessRequest",
              "{\"metadata\":{\"generation\":1},\"status\":{\"phase\":\""
                  + phase.getKey()
                  + "\",\"conditions\":[{\"type\":\"Active\",\"status\":\"False\","
                  + "\"reason\":\"R\",\"message\":\"about "
                  + phase.getKey()
                  + "\"}]}}");

      assertThat(health.get("status").tojstring()).as(phase.getKey()).isEqualTo(phase.getValue());
      assertThat(health.get("message").tojstring()).isEqualTo("about " + phase.getKey());
    }
    assertThat(health("JitAccessRequest", "{\"metadata\":{}}").get("status").tojstring())
        .isEqualTo("Progressing");
  }

  @Test
  void jitPolicyHealthFollowsReadyAndTheObservedGeneration() throws IOException {
    assertThat(policyHealth(2, 2, "True", "Applied")).isEqualTo("Healthy");
    assertThat(policyHealth(2, 2, "False", "Conflict")).isEqualTo("Degraded");
    assertThat(policyHealth(2, 2, "False", "AzureRefused")).isEqualTo("Degraded");
    assertThat(policyHealth(2, 2, "False", "AzureUnavailable")).isEqualTo("Progressing");
    assertThat(policyHealth(3, 2, "True", "Applied")).isEqualTo("Progressing");
    assertThat(health("JitPolicy", "{\"metadata\":{\"generation\":1}}").get("status").tojstring())
        .isEqualTo("Progressing");
  }

  private static String policyHealth(int generation, int observed, String ready, String reason)
      throws IOException {
    return health(
            "JitPolicy",
            "{\"metadata\":{\"generation\":"
                + generation
                + "},\"status\":{\"observedGeneration\":"
                + observed
                + ",\"conditions\":[{\"type\":\"Synced\",\"status\":\"True\",\"reason\":\"InSync\","
                + "\"message\":\"m\"},{\"type\":\"Ready\",\"status\":\""
                + ready
                + "\",\"reason\":\""
                + reason
                + "\",\"message\":\"m\"}]}}")
        .get("status")
        .tojstring();
  }

  private static LuaValue health(String kind, String objectJson) throws IOException {
    String script =
        YAML.readTree(CONFIG.toFile())
            .path("data")
            .path("resource.customizations.health.azurejit.io_" + kind)
            .asText();
    assertThat(script).as("health script for " + kind).isNotBlank();
    var globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(YAML.readTree(objectJson)));
    return globals.load(script, kind).call();
  }

  private static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      var table = new LuaTable();
      node.fields().forEachRemaining(e -> table.set(e.getKey(), toLua(e.getValue())));
      return table;
    }
    if (node.isArray()) {
      var table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
