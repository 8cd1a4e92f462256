package io.azurejit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the JSON documents of api-version 2020-01-01, checking the structure the way the
 * service does: required fields, exact protocol values, exclusive source fields.
 */
final class WireFormat {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Azure writes times with seven fractional digits, for example 2018-07-12T09:53:03.3658798Z. */
  private static final DateTimeFormatter AZURE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "*");

  private WireFormat() {}

  /** The virtual machines of a PUT body; anything else the client sent is not kept. */
  static List<PolicyVirtualMachine> readPolicyVirtualMachines(JsonNode body) {
    JsonNode properties = required(body, "properties", "properties");
    JsonNode vms = required(properties, "virtualMachines", "properties.virtualMachines");
    if (!vms.isArray()) {
      throw ArmException.invalidContent(
          "The virtualMachines property must be an array.", "properties.virtualMachines");
    }
    List<PolicyVirtualMachine> result = new ArrayList<>();
    for (int i = 0; i < vms.size(); i++) {
      String target = "properties.virtualMachines[" + i + "]";
      JsonNode vm = vms.get(i);
      String id = text(required(vm, "id", target + ".id"), target + ".id");
      JsonNode ports = required(vm, "ports", target + ".ports");
      List<PortRule> rules = new ArrayList<>();
      for (int p = 0; p < ports.size(); p++) {
        rules.add(readPortRule(ports.get(p), target + ".ports[" + p + "]"));
      }
      result.add(new PolicyVirtualMachine(id, rules, optionalText(vm, "publicIpAddress")));
    }
    return result;
  }

  private static PortRule readPortRule(JsonNode port, String target) {
    int number = port(required(port, "number", target + ".number"), target + ".number");
    String protocol = text(required(port, "protocol", target + ".protocol"), target + ".protocol");
    if (protocol.isEmpty()) {
      // The real service fails this way on an empty protocol instead of validating it.
      throw new ArmException(500, "InternalServerError", "Internal server error has occurred.");
    }
    if (!PROTOCOLS.contains(protocol)) {
      throw ArmException.invalidContent(
          "The protocol '" + protocol + "' is not valid. Allowed values are 'TCP', 'UDP' and '*'.",
          target + ".protocol");
    }
    String prefix = optionalText(port, "allowedSourceAddressPrefix");
    List<String> prefixes = null;
    if (port.hasNonNull("allowedSourceAddressPrefixes")) {
      prefixes = new ArrayList<>();
      for (JsonNode item : port.get("allowedSourceAddressPrefixes")) {
        prefixes.add(item.asText());
      }
    }
    if (prefix != null && prefixes != null) {
      throw ArmException.invalidContent(
          "Only one of allowedSourceAddressPrefix and allowedSourceAddressPrefixes may be set.",
          target);
    }
    if (prefix == null && (prefixes == null || prefixes.isEmpty())) {
      throw ArmException.invalidContent(
          "One of allowedSourceAddressPrefix and allowedSourceAddressPrefixes is required.",
          target);
    }
    for (String source : prefix != null ? List.of(prefix) : prefixes) {
      if (AddressRange.parse(source).isEmpty()) {
        throw ArmException.invalidContent(
            "The source address prefix '" + source + "' is not a valid IP address or CIDR.",
            target);
      }
    }
    String duration =
        text(
            required(port, "maxRequestAccessDuration", target + ".maxRequestAccessDuration"),
            target + ".maxRequestAccessDuration");
    AccessDurations.parse(duration, target + ".maxRequestAccessDuration");
    return new PortRule(number, protocol, prefix, prefixes, duration);
  }

  /** The ports of an initiate body, grouped by virtual machine, in request order. */
  static List<RequestedPort> readInitiate(JsonNode body) {
    JsonNode vms = required(body, "virtualMachines", "virtualMachines");
    List<RequestedPort> result = new ArrayList<>();
    for (int i = 0; i < vms.size(); i++) {
      String target = "virtualMachines[" + i + "]";
      String id = text(required(vms.get(i), "id", target + ".id"), target + ".id");
      JsonNode ports = required(vms.get(i), "ports", target + ".ports");
      for (int p = 0; p < ports.size(); p++) {
        String portTarget = target + ".ports[" + p + "]";
        JsonNode port = ports.get(p);
        int number = port(required(port, "number", portTarget + ".number"), portTarget);
        String end = optionalText(port, "endTimeUtc");
        if (end == null) {
          throw ArmException.invalidContent(
              "The endTimeUtc property is required.", portTarget + ".endTimeUtc");
        }
        result.add(
            new RequestedPort(
                id,
                number,
                optionalText(port, "allowedSourceAddressPrefix"),
                time(end, portTarget + ".endTimeUtc")));
      }
    }
    return result;
  }

  /** One port asked for in an initiate body. */
  record RequestedPort(String virtualMachineId, int number, String source, Instant endTimeUtc) {}

  static ObjectNode policy(StoredPolicy policy) {
    ObjectNode node = JSON.createObjectNode();
    if (policy.kind != null) {
      node.put("kind", policy.kind);
    }
    ObjectNode properties = node.putObject("properties");
    ArrayNode vms = properties.putArray("virtualMachines");
    for (PolicyVirtualMachine vm : policy.virtualMachines) {
      ObjectNode vmNode = vms.addObject();
      vmNode.put("id", vm.id());
      ArrayNode ports = vmNode.putArray("ports");
      for (PortRule rule : vm.ports()) {
        ObjectNode port = ports.addObject();
        port.put("number", rule.number());
        port.put("protocol", rule.protocol());
        if (rule.allowedSourceAddressPrefix() != null) {
          port.put("allowedSourceAddressPrefix", rule.allowedSourceAddressPrefix());
        } else {
          ArrayNode prefixes = port.putArray("allowedSourceAddressPrefixes");
          rule.allowedSourceAddressPrefixes().forEach(prefixes::add);
        }
        port.put("maxRequestAccessDuration", rule.maxRequestAccessDuration());
      }
      if (vm.publicIpAddress() != null) {
        vmNode.put("publicIpAddress", vm.publicIpAddress());
      }
    }
    ArrayNode requests = properties.putArray("requests");
    policy.requests.forEach(request -> requests.add(request(request)));
    properties.put("provisioningState", "Succeeded");
    node.put("id", policy.id());
    node.put("name", policy.name);
    node.put("type", StoredPolicy.TYPE);
    node.put("location", policy.location);
    return node;
  }

  static ObjectNode request(AccessRequest request) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode vms = node.putArray("virtualMachines");
    ObjectNode currentVm = null;
    for (RequestPort port : request.ports()) {
      if (currentVm == null || !currentVm.get("id").asText().equals(port.virtualMachineId)) {
        currentVm = vms.addObject();
        currentVm.put("id", port.virtualMachineId);
        currentVm.putArray("ports");
      }
      ObjectNode portNode = ((ArrayNode) currentVm.get("ports")).addObject();
      portNode.put("number", port.number);
      portNode.put("allowedSourceAddressPrefix", port.allowedSourceAddressPrefix);
      portNode.put("endTimeUtc", format(port.endTimeUtc));
      portNode.put("status", port.status);
      portNode.put("statusReason", port.statusReason);
    }
    node.put("startTimeUtc", format(request.startTimeUtc()));
    node.put("requestor", request.requestor());
    if (request.justification() != null) {
      node.put("justification", request.justification());
    }
    return node;
  }

  static ObjectNode error(ArmException failure) {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode error = node.putObject("error");
    error.put("code", failure.code());
    error.put("message", failure.getMessage());
    if (failure.target() != null) {
      error.put("target", failure.target());
    }
    return node;
  }

  static String format(Instant instant) {
    return AZURE_TIME.format(instant);
  }

  private static Instant time(String text, String target) {
    try {
      OffsetDateTime parsed = OffsetDateTime.parse(text);
      if (!parsed.getOffset().equals(ZoneOffset.UTC)) {
        throw ArmException.invalidContent("The time '" + text + "' must be in UTC.", target);
      }
      return parsed.toInstant();
    } catch (DateTimeParseException e) {
      throw ArmException.invalidContent("The time '" + text + "' is not a valid UTC time.", target);
    }
  }

  private static JsonNode required(JsonNode node, String field, String target) {
    if (node == null || !node.hasNonNull(field)) {
      throw ArmException.invalidContent("The " + field + " property is required.", target);
    }
    return node.get(field);
  }

  private static String text(JsonNode node, String target) {
    if (!node.isTextual()) {
      throw ArmException.invalidContent("The value at " + target + " must be a string.", target);
    }
    return node.asText();
  }

  private static String optionalText(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static int port(JsonNode node, String target) {
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw ArmException.invalidContent("The port number must be an integer.", target);
    }
    int number = node.asInt();
    if (number < 0 || number > 65535) {
      throw ArmException.invalidContent(
          "The port number " + number + " is out of range; it must be between 0 and 65535.",
          target);
    }
    return number;
  }
}
