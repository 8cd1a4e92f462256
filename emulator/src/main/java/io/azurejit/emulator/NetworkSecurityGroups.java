package io.azurejit.emulator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated network side of JIT: the deny rule Azure writes per virtual machine when a policy
 * covers it, and the allow rule per opened port while a request is active.
 */
final class NetworkSecurityGroups {

  private static final String PREFIX = "MicrosoftDefenderForCloud-JITRule";
  private static final int DENY_PRIORITY = 4096;
  private static final int FIRST_ALLOW_PRIORITY = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Rules per NSG name, in the order they were written. */
  private final Map<String, List<NsgRule>> rules = new LinkedHashMap<>();

  /**
   * Makes the deny rules match the policies: one per covered virtual machine with all its policy
   * ports, none for machines no policy covers. Like Azure's cleanup pass, it touches only JIT
   * rules.
   */
  void reconcileDenyRules(
      Map<VirtualMachine, Set<Integer>> coveredPorts, Map<String, String> names) {
    for (List<NsgRule> nsg : rules.values()) {
      nsg.removeIf(rule -> !rule.isAllow() && !coveredPorts.containsKey(vmOf(rule, coveredPorts)));
    }
    coveredPorts.forEach(
        (vm, ports) -> {
          List<NsgRule> nsg =
              rules.computeIfAbsent(vm.networkSecurityGroup(), n -> new ArrayList<>());
          var existing =
              nsg.stream()
                  .filter(r -> !r.isAllow() && r.virtualMachineId().equalsIgnoreCase(vm.id()))
                  .findFirst();
          var sortedPorts = List.copyOf(new TreeSet<>(ports));
          if (existing.isPresent() && existing.get().destinationPorts().equals(sortedPorts)) {
            return;
          }
          existing.ifPresent(nsg::remove);
          String name =
              existing.map(NsgRule::name).orElse(PREFIX + "_" + ruleNumber(vm) + "_" + guid());
          nsg.add(
              new NsgRule(
                  vm.networkSecurityGroup(),
                  name,
                  DENY_PRIORITY,
                  "Deny",
                  "Inbound",
                  "*",
                  "*",
                  vm.privateIp(),
                  sortedPorts,
                  "MDC JIT Network Access rule for policy '"
                      + names.get(vm.key())
                      + "' of VM '"
                      + vm.name()
                      + "'.",
                  vm.id()));
        });
  }

  /** Adds the allow rule for one opened port and returns its name. */
  String allow(VirtualMachine vm, String policyName, int port, String protocol, String source) {
    List<NsgRule> nsg = rules.computeIfAbsent(vm.networkSecurityGroup(), n -> new ArrayList<>());
    int priority = firstFreePriority(nsg);
    String name = PREFIX + "-" + ruleNumber(vm) + "-" + guid();
    nsg.add(
        new NsgRule(
            vm.networkSecurityGroup(),
            name,
            priority,
            "Allow",
            "Inbound",
            protocol,
            source,
            vm.privateIp(),
            List.of(port),
            "MDC JIT Network Access rule created by an initiation request for policy '"
                + policyName
                + "' of VM '"
                + vm.name()
                + "'.",
            vm.id()));
    return name;
  }

  void remove(String ruleName) {
    rules.values().forEach(nsg -> nsg.removeIf(rule -> rule.name().equals(ruleName)));
  }

  List<NsgRule> all() {
    return rules.values().stream().flatMap(List::stream).toList();
  }

  void clear() {
    rules.clear();
  }

  /** The lowest allow priority no rule of the NSG holds, found in one pass over its rules. */
  private static int firstFreePriority(List<NsgRule> nsg) {
    var used = new BitSet();
    nsg.forEach(rule -> used.set(rule.priority()));
    return used.nextClearBit(FIRST_ALLOW_PRIORITY);
  }

  private static VirtualMachine vmOf(NsgRule rule, Map<VirtualMachine, Set<Integer>> covered) {
    return covered.keySet().stream()
        .filter(vm -> vm.id().equalsIgnoreCase(rule.virtualMachineId()))
        .findFirst()
        .orElse(null);
  }

  /** Azure names the deny and allow rules of one VM with the same signed number. */
  private static int ruleNumber(VirtualMachine vm) {
    return vm.key().hashCode();
  }

  private static String guid() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
