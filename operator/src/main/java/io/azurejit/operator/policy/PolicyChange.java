package io.azurejit.operator.policy;

import io.azurejit.operator.azure.PolicyVirtualMachine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a write changes in an Azure JIT policy, per virtual machine, in words for Events.
 *
 * @param added virtual machines Azure did not hold
 * @param removed virtual machines Azure held and should not
 * @param changed virtual machines whose ports or sources differ
 */
public record PolicyChange(List<String> added, List<String> removed, List<String> changed) {

  /** The difference from {@code before} to {@code after}. */
  public static PolicyChange between(
      List<PolicyVirtualMachine> before, List<PolicyVirtualMachine> after) {
    Map<String, PolicyVirtualMachine> old = byId(before);
    Map<String, PolicyVirtualMachine> next = byId(after);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    next.forEach(
        (id, entry) -> {
          PolicyVirtualMachine was = old.get(id);
          if (was == null) {
            added.add(name(entry));
          } else if (!PolicyEntries.sameMeaning(was, entry)) {
            changed.add(name(entry));
          }
        });
    old.forEach(
        (id, entry) -> {
          if (!next.containsKey(id)) {
            removed.add(name(entry));
          }
        });
    return new PolicyChange(added, removed, changed);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /** Whether the change touches any of these virtual machine names. */
  public boolean touches(List<String> names) {
    return names.stream()
        .anyMatch(n -> added.contains(n) || removed.contains(n) || changed.contains(n));
  }

  /** For example {@code "added vm-web-1; ports changed on vm-db-1"}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add("added " + String.join(", ", added));
    }
    if (!removed.isEmpty()) {
      parts.add("removed " + String.join(", ", removed));
    }
    if (!changed.isEmpty()) {
      parts.add("ports changed on " + String.join(", ", changed));
    }
    return parts.isEmpty() ? "no change" : String.join("; ", parts);
  }

  /** The last segment of a virtual machine's ARM id. */
  public static String name(PolicyVirtualMachine vm) {
    return vm.id().substring(vm.id().lastIndexOf('/') + 1);
  }

  private static Map<String, PolicyVirtualMachine> byId(List<PolicyVirtualMachine> entries) {
    Map<String, PolicyVirtualMachine> map = new LinkedHashMap<>();
    entries.forEach(e -> map.put(PolicyEntries.idOf(e), e));
    return map;
  }
}
