package io.azurejit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The emulator's own control API under {@code /_emulator/}: seed virtual machines, read NSG rules
 * and request history, move the clock, inject faults, read call counters, reset. It is not part of
 * Azure and needs no token.
 */
final class AdminEndpoint implements HttpHandler {

  static final String PREFIX = "/_emulator";

  private final JitEmulator emulator;

  AdminEndpoint(JitEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
    String method = exchange.getRequestMethod();
    try {
      Object answer = route(method, path, exchange);
      send(exchange, 200, answer);
    } catch (IllegalArgumentException | IOException e) {
      send(exchange, 400, WireFormat.error(ArmException.badRequest(e.getMessage())));
    } catch (ArmException e) {
      send(exchange, e.status(), WireFormat.error(e));
    }
  }

  private Object route(String method, String path, HttpExchange exchange) throws IOException {
    JitService service = emulator.service();
    switch (method + " " + path) {
      case "GET /health":
        return WireFormat.JSON.createObjectNode().put("status", "ok");
      case "GET /virtual-machines":
        return service.virtualMachines();
      case "POST /virtual-machines":
        for (VirtualMachine vm : readVirtualMachines(read(exchange))) {
          service.registerVirtualMachine(vm);
        }
        return service.virtualMachines();
      case "GET /network-rules":
        return service.networkRules();
      case "GET /requests":
        return service.requestHistory();
      case "GET /clock":
        return clock();
      case "POST /clock":
        moveClock(read(exchange));
        return clock();
      case "GET /faults":
        return emulator.faults().active();
      case "POST /faults":
        emulator.faults().add(WireFormat.JSON.treeToValue(read(exchange), Fault.class));
        return emulator.faults().active();
      case "DELETE /faults":
        emulator.faults().clear();
        return emulator.faults().active();
      case "GET /calls":
        return emulator.calls();
      case "POST /reset":
        emulator.reset();
        return WireFormat.JSON.createObjectNode().put("status", "reset");
      default:
        throw new ArmException(404, "NotFound", "No admin route " + method + " " + path + ".");
    }
  }

  /** Reads {@code {"virtualMachines": [...]}} or a single virtual machine object. */
  static List<VirtualMachine> readVirtualMachines(JsonNode node) throws IOException {
    if (node.has("virtualMachines")) {
      return List.of(
          WireFormat.JSON.treeToValue(node.get("virtualMachines"), VirtualMachine[].class));
    }
    return List.of(WireFormat.JSON.treeToValue(node, VirtualMachine.class));
  }

  private ObjectNode clock() {
    return WireFormat.JSON
        .createObjectNode()
        .put("now", WireFormat.format(emulator.clock().instant()));
  }

  private void moveClock(JsonNode body) {
    if (body.hasNonNull("advance")) {
      emulator.clock().advance(Duration.parse(body.get("advance").asText()));
    } else if (body.hasNonNull("set")) {
      emulator.clock().set(Instant.parse(body.get("set").asText()));
    } else {
      throw new IllegalArgumentException(
          "give {\"advance\": \"PT10M\"} or {\"set\": \"<UTC time>\"}");
    }
  }

  private static JsonNode read(HttpExchange exchange) throws IOException {
    try (var in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0
          ? WireFormat.JSON.createObjectNode()
          : WireFormat.JSON.readTree(bytes);
    }
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = WireFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
