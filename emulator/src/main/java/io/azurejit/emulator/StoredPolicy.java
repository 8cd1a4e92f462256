package io.azurejit.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A JIT policy as the emulated service holds it: the client's document plus request history. */
final class StoredPolicy {

  static final String TYPE = "Microsoft.Security/locations/jitNetworkAccessPolicies";

  final String subscriptionId;
  final String resourceGroup;
  final String location;
  final String name;
  String kind;
  List<PolicyVirtualMachine> virtualMachines;
  final List<AccessRequest> requests = new ArrayList<>();

  StoredPolicy(String subscriptionId, String resourceGroup, String location, String name) {
    this.subscriptionId = subscriptionId;
    this.resourceGroup = resourceGroup;
    this.location = location;
    this.name = name;
  }

  String id() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.Security/locations/"
        + location
        + "/jitNetworkAccessPolicies/"
        + name;
  }

  Optional<PolicyVirtualMachine> virtualMachine(String id) {
    return virtualMachines.stream().filter(vm -> vm.id().equalsIgnoreCase(id)).findFirst();
  }
}
