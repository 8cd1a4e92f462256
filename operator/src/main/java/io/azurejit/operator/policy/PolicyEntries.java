package io.azurejit.operator.policy;

import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.api.PortRule;
import io.azurejit.operator.api.VirtualMachineRule;
import io.azurejit.operator.azure.AzurePolicyKey;
import io.azurejit.operator.azure.PolicyVirtualMachine;
import io.azurejit.operator.azure.PolicyVirtualMachine.PolicyPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns JitPolicy specs into Azure policy entries and compares entries the way Azure means them:
 * virtual machine ids without regard to case, ports and sources in any order, {@code P1D} equal to
 * {@code PT24H}.
 */
public final class PolicyEntries {

  private PolicyEntries() {}

  /** The Azure policy a JitPolicy targets. */
  public static AzurePolicyKey keyOf(JitPolicy policy) {
    var azure = policy.getSpec().getAzure();
    return new AzurePolicyKey(
        azure.getSubscriptionId(),
        azure.getResourceGroup(),
        azure.getLocation(),
        azure.getPolicyName());
  }

  /** The ARM id of a virtual machine rule: its id, or its name in the policy's resource group. */
  public static String virtualMachineId(AzurePolicyKey key, VirtualMachineRule rule) {
    return rule.getId() != null ? rule.getId() : key.virtualMachineId(rule.getName());
  }

  /** The entries a JitPolicy declares, in spec order. */
  public static List<PolicyVirtualMachine> declared(JitPolicy policy) {
    AzurePolicyKey key = keyOf(policy);
    return policy.getSpec().getVirtualMachines().stream()
        .map(vm -> new PolicyVirtualMachine(virtualMachineId(key, vm), ports(vm)))
        .toList();
  }

  private static List<PolicyPort> ports(VirtualMachineRule vm) {
    return vm.getPorts().stream().map(PolicyEntries::port).toList();
  }

  private static PolicyPort port(PortRule rule) {
    List<String> sources = rule.getAllowedSourceAddressPrefixes();
    // Azure's own tools write a single source into the singular field.
    return sources.size() == 1
        ? new PolicyPort(
            rule.getNumber(),
            rule.getProtocol(),
            sources.get(0),
            null,
            rule.getMaxRequestAccessDuration())
        : new PolicyPort(
            rule.getNumber(),
            rule.getProtocol(),
            null,
            List.copyOf(sources),
            rule.getMaxRequestAccessDuration());
  }

  /** Case-insensitive identity of a virtual machine entry. */
  public static String idOf(PolicyVirtualMachine vm) {
    return vm.id().toLowerCase(Locale.ROOT);
  }

  /** Whether two entries for the same virtual machine mean the same thing to Azure. */
  public static boolean sameMeaning(PolicyVirtualMachine a, PolicyVirtualMachine b) {
    return fingerprint(a).equals(fingerprint(b));
  }

  /** Whether two whole documents hold the same entries, in whatever order. */
  public static boolean sameMeaning(List<PolicyVirtualMachine> a, List<PolicyVirtualMachine> b) {
    return fingerprint(a).equals(fingerprint(b));
  }

  /** A short stable hash of entries, for status. */
  public static String hash(List<PolicyVirtualMachine> entries) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(fingerprint(entries).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }

  private static String fingerprint(List<PolicyVirtualMachine> entries) {
    return entries.stream()
        .map(PolicyEntries::fingerprint)
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  private static String fingerprint(PolicyVirtualMachine vm) {
    return idOf(vm)
        + " "
        + vm.ports().stream()
            .sorted(Comparator.comparingInt(PolicyPort::number))
            .map(PolicyEntries::fingerprint)
            .collect(Collectors.joining(","))
        + (vm.publicIpAddress() == null ? "" : " fw=" + vm.publicIpAddress());
  }

  private static String fingerprint(PolicyPort port) {
    return port.number()
        + "/"
        + port.protocol()
        + "/"
        + port.allowedSources().stream()
            .map(s -> s.toLowerCase(Locale.ROOT))
            .sorted()
            .collect(Collectors.joining("+"))
        + "/"
        + seconds(port.maxRequestAccessDuration());
  }

  private static String seconds(String iso) {
    try {
      return Long.toString(Duration.parse(iso).toSeconds());
    } catch (RuntimeException e) {
      return String.valueOf(iso);
    }
  }
}
