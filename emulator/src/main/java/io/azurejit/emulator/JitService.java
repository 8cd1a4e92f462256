package io.azurejit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azurejit.emulator.EmulatorOptions.NewerRequest;
import io.azurejit.emulator.EmulatorOptions.SourceMatch;
import io.azurejit.emulator.WireFormat.RequestedPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The emulated Microsoft.Security JIT service: policies, the request lifecycle on the emulator
 * clock, the VM inventory and the simulated NSG rules. Every operation is serialized, which is how
 * last-writer-wins on a whole document shows.
 */
public final class JitService {

  private static final Pattern VM_ID =
      Pattern.compile(
          "^/subscriptions/[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}/resourceGroups/[-\\w._()]+"
              + "/providers/Microsoft\\.Compute/virtualMachines/([-\\w.]+)$",
          Pattern.CASE_INSENSITIVE);
  private static final int MAX_POLICY_AND_VM_NAME = 56;

  private final EmulatorOptions options;
  private final EmulatorClock clock;
  private final Map<PolicyKey, StoredPolicy> policies = new LinkedHashMap<>();
  private final Map<String, VirtualMachine> inventory = new LinkedHashMap<>();
  private final NetworkSecurityGroups network = new NetworkSecurityGroups();

  public JitService(EmulatorOptions options, EmulatorClock clock) {
    this.options = options;
    this.clock = clock;
  }

  /** Adds or replaces a virtual machine of the emulated subscription. */
  public synchronized void registerVirtualMachine(VirtualMachine vm) {
    if (!VM_ID.matcher(vm.id()).matches()) {
      throw new IllegalArgumentException("not a virtual machine ARM id: " + vm.id());
    }
    inventory.put(vm.key(), vm);
  }

  public synchronized List<VirtualMachine> virtualMachines() {
    return List.copyOf(inventory.values());
  }

  /** The simulated NSG rules JIT has written, after applying the clock. */
  public synchronized List<NsgRule> networkRules() {
    settle();
    return network.all();
  }

  /** Every request in every policy, oldest first, each with the id of its policy. */
  public synchronized ArrayNode requestHistory() {
    settle();
    ArrayNode history = WireFormat.JSON.createArrayNode();
    for (StoredPolicy policy : policies.values()) {
      for (AccessRequest request : policy.requests) {
        history.add(WireFormat.request(request).put("policyId", policy.id()));
      }
    }
    return history;
  }

  /** Forgets every policy, request, rule and virtual machine. */
  public synchronized void reset() {
    policies.clear();
    inventory.clear();
    network.clear();
  }

  synchronized ObjectNode get(PolicyKey key) {
    settle();
    return render(find(key));
  }

  synchronized List<ObjectNode> list(Predicate<PolicyKey> scope) {
    settle();
    return policies.entrySet().stream()
        .filter(entry -> scope.test(entry.getKey()))
        .map(entry -> render(entry.getValue()))
        .toList();
  }

  synchronized ObjectNode put(
      String subscriptionId, String resourceGroup, String location, String name, JsonNode body) {
    settle();
    List<PolicyVirtualMachine> vms = WireFormat.readPolicyVirtualMachines(body);
    PolicyKey key = PolicyKey.of(subscriptionId, resourceGroup, location, name);
    checkVirtualMachines(key, name, vms);

    StoredPolicy policy =
        policies.computeIfAbsent(
            key, k -> new StoredPolicy(subscriptionId, resourceGroup, location, name));
    policy.kind = body.hasNonNull("kind") ? body.get("kind").asText() : null;
    policy.virtualMachines = vms;
    reconcileDenyRules();
    return render(policy);
  }

  /** Deletes a policy; false when there was none. */
  synchronized boolean delete(PolicyKey key) {
    settle();
    if (policies.remove(key) == null) {
      return false;
    }
    reconcileDenyRules();
    return true;
  }

  synchronized ObjectNode initiate(
      PolicyKey key, JsonNode body, String requestor, String callerAddress) {
    settle();
    StoredPolicy policy = find(key);
    List<RequestedPort> requested = WireFormat.readInitiate(body);
    Instant now = clock.instant();
    for (RequestedPort port : requested) {
      checkSubset(policy, port, callerAddress, now);
    }

    List<RequestPort> ports = new ArrayList<>();
    for (RequestedPort asked : requested) {
      String source = asked.source() != null ? asked.source() : callerAddress;
      closeEarlierRequests(asked, policy);
      var port =
          new RequestPort(
              asked.virtualMachineId(), asked.number(), source, asked.endTimeUtc(), now);
      PortRule rule =
          policy
              .virtualMachine(asked.virtualMachineId())
              .orElseThrow()
              .port(asked.number())
              .orElseThrow();
      VirtualMachine vm = inventory.get(asked.virtualMachineId().toLowerCase(Locale.ROOT));
      if (vm != null) {
        port.allowRuleName =
            network.allow(vm, policy.name, asked.number(), rule.protocol(), source);
      }
      ports.add(port);
    }
    String justification =
        body.hasNonNull("justification") ? body.get("justification").asText() : null;
    var request = new AccessRequest(now, requestor, justification, ports);
    policy.requests.add(request);
    return WireFormat.request(request);
  }

  private StoredPolicy find(PolicyKey key) {
    StoredPolicy policy = policies.get(key);
    if (policy == null) {
      throw new ArmException(
          404,
          "ResourceNotFound",
          "The Resource 'Microsoft.Security/locations/"
              + key.location()
              + "/jitNetworkAccessPolicies/"
              + key.name()
              + "' under resource group '"
              + key.resourceGroup()
              + "' was not found.");
    }
    return policy;
  }

  private void checkVirtualMachines(PolicyKey key, String name, List<PolicyVirtualMachine> vms) {
    Set<String> seen = new HashSet<>();
    for (PolicyVirtualMachine vm : vms) {
      var match = VM_ID.matcher(vm.id());
      if (!match.matches()) {
        throw new ArmException(
            403,
            "LinkedAuthorizationFailed",
            "The client has permission to perform action"
                + " 'Microsoft.Security/locations/jitNetworkAccessPolicies/write' on scope '"
                + name
                + "', however the linked resource '"
                + vm.id()
                + "' is not a valid virtual machine id.");
      }
      String vmName = match.group(2);
      if (!seen.add(vm.id().toLowerCase(Locale.ROOT))) {
        throw ArmException.badRequest("The virtual machine '" + vm.id() + "' appears twice.");
      }
      if (name.length() + vmName.length() > MAX_POLICY_AND_VM_NAME) {
        throw ArmException.badRequest(
            "The policy name, together with the targeted VM name, must not exceed a total of 56"
                + " characters ('"
                + name
                + "' and '"
                + vmName
                + "').");
      }
      VirtualMachine known = inventoryEntry(vm.id());
      if (known.networkSecurityGroup() == null) {
        throw ArmException.badRequest(
            "Just-in-time network access is not supported for virtual machine '"
                + vmName
                + "': it has no network security group or Azure Firewall.");
      }
      if (options.virtualMachineInOnePolicyOnly()) {
        policies.forEach(
            (otherKey, other) -> {
              if (!otherKey.equals(key) && other.virtualMachine(vm.id()).isPresent()) {
                throw new ArmException(
                    409,
                    "Conflict",
                    "The virtual machine '"
                        + vmName
                        + "' is already in policy '"
                        + other.id()
                        + "'.");
              }
            });
      }
    }
  }

  private VirtualMachine inventoryEntry(String id) {
    VirtualMachine vm = inventory.get(id.toLowerCase(Locale.ROOT));
    if (vm != null) {
      return vm;
    }
    var match = VM_ID.matcher(id);
    match.matches();
    if (!options.autoRegisterVirtualMachines()) {
      String group = id.split("/")[4];
      throw new ArmException(
          404,
          "ResourceNotFound",
          "The Resource 'Microsoft.Compute/virtualMachines/"
              + match.group(2)
              + "' under resource group '"
              + group
              + "' was not found.");
    }
    int n = inventory.size() + 4;
    vm = new VirtualMachine(id, "10.0." + (n / 250) + "." + (n % 250 + 4), "nsg-" + match.group(2));
    inventory.put(vm.key(), vm);
    return vm;
  }

  private void checkSubset(StoredPolicy policy, RequestedPort port, String caller, Instant now) {
    var rule = policy.virtualMachine(port.virtualMachineId()).flatMap(vm -> vm.port(port.number()));
    String source = port.source() != null ? port.source() : caller;
    boolean allowed =
        rule.isPresent()
            && sourceAllowed(rule.get(), source)
            && port.endTimeUtc().isAfter(now)
            && !port.endTimeUtc().isAfter(now.plus(rule.get().maxDuration()));
    if (!allowed) {
      throw ArmException.badRequest(
          "The given access request is not a subset of policy '"
              + policy.id()
              + "'. Please make sure that the access request is within the allowed policy"
              + " properties.");
    }
  }

  private boolean sourceAllowed(PortRule rule, String source) {
    var requested = AddressRange.parse(source);
    if (requested.isEmpty()) {
      return false;
    }
    for (String allowed : rule.sources()) {
      if (allowed.equals("*")) {
        return true;
      }
      boolean match =
          options.sourceMatch() == SourceMatch.EXACT
              ? allowed.equalsIgnoreCase(source)
              : AddressRange.parse(allowed).map(a -> a.contains(requested.get())).orElse(false);
      if (match) {
        return true;
      }
    }
    return false;
  }

  private void closeEarlierRequests(RequestedPort asked, StoredPolicy policy) {
    for (StoredPolicy other : policies.values()) {
      for (AccessRequest earlier : other.requests) {
        for (RequestPort port : earlier.ports()) {
          if (port.isOpen()
              && port.number == asked.number()
              && port.virtualMachineId.equalsIgnoreCase(asked.virtualMachineId())) {
            if (options.newerRequest() == NewerRequest.REJECT) {
              throw new ArmException(
                  409,
                  "Conflict",
                  "The virtual machine '"
                      + asked.virtualMachineId()
                      + "' already has an active request for port "
                      + asked.number()
                      + " in policy '"
                      + policy.id()
                      + "'.");
            }
            port.revoke(RequestPort.NEWER_REQUEST_INITIATED);
            network.remove(port.allowRuleName);
          }
        }
      }
    }
  }

  /** Moves every request along the clock: Initiating to Initiated, and expiry. */
  private void settle() {
    Instant now = clock.instant();
    for (StoredPolicy policy : policies.values()) {
      for (AccessRequest request : policy.requests) {
        for (RequestPort port : request.ports()) {
          if (!port.isOpen()) {
            continue;
          }
          if (!now.isBefore(port.endTimeUtc)) {
            port.revoke(RequestPort.EXPIRED);
            network.remove(port.allowRuleName);
          } else if (RequestPort.INITIATING.equals(port.status)
              && !now.isBefore(port.initiatedAt.plus(options.initiatingDelay()))) {
            port.status = RequestPort.INITIATED;
          }
        }
      }
    }
  }

  private void reconcileDenyRules() {
    Map<VirtualMachine, Set<Integer>> covered = new LinkedHashMap<>();
    Map<String, String> policyNames = new HashMap<>();
    for (StoredPolicy policy : policies.values()) {
      for (PolicyVirtualMachine entry : policy.virtualMachines) {
        VirtualMachine vm = inventory.get(entry.id().toLowerCase(Locale.ROOT));
        if (vm == null || vm.networkSecurityGroup() == null) {
          continue;
        }
        var ports = covered.computeIfAbsent(vm, v -> new HashSet<>());
        entry.ports().forEach(p -> ports.add(p.number()));
        policyNames.putIfAbsent(vm.key(), policy.name);
      }
    }
    network.reconcileDenyRules(covered, policyNames);
  }

  private ObjectNode render(StoredPolicy policy) {
    ObjectNode node = WireFormat.policy(policy);
    if (options.shuffleHistory()) {
      var requests = (ArrayNode) node.path("properties").path("requests");
      List<JsonNode> shuffled = new ArrayList<>();
      requests.forEach(shuffled::add);
      Collections.shuffle(shuffled);
      requests.removeAll();
      requests.addAll(shuffled);
    }
    return node;
  }
}
