package io.azurejit.operator.access;

import io.azurejit.operator.api.IsoDurations;
import io.azurejit.operator.api.JitAccessRequest;
import io.azurejit.operator.api.JitAccessRequestSpec;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.api.PortRule;
import io.azurejit.operator.api.VirtualMachineRule;
import io.azurejit.operator.policy.PolicyEntries;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules a JitAccessRequest must keep before anything is sent to Azure: its namespace may use
 * the policy, the virtual machine and every port are in the policy, the source lies inside an
 * allowed prefix of every port, and the duration is within the policy's and each port's maximum.
 */
public final class RequestValidation {

  private RequestValidation() {}

  /** The first rule the request breaks, or empty when it keeps them all. */
  public static Optional<Denial> check(JitAccessRequest request, JitPolicy policy) {
    var spec = request.getSpec();
    String policyName = policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();

    if (!namespaceAllowed(policy, request.getMetadata().getNamespace())) {
      return deny(
          "NamespaceNotAllowed",
          "JitPolicy "
              + policyName
              + " does not allow requests from namespace "
              + request.getMetadata().getNamespace()
              + "; its spec.access.allowedNamespaces must list it.");
    }
    Optional<VirtualMachineRule> vm = virtualMachine(policy, spec.getVirtualMachine());
    if (vm.isEmpty()) {
      return deny(
          "VirtualMachineNotInPolicy",
          "Virtual machine "
              + spec.getVirtualMachine()
              + " is not in JitPolicy "
              + policyName
              + ".");
    }
    Optional<SourcePrefix> source = SourcePrefix.parse(spec.getSourceAddressPrefix());
    if (source.isEmpty()) {
      return deny(
          "InvalidSource",
          "Source " + spec.getSourceAddressPrefix() + " is not an IP address or CIDR range.");
    }
    Duration duration = IsoDurations.parse(spec.getDuration());
    var access = policy.getSpec().getAccess();
    if (access != null && access.getMaxDuration() != null) {
      Duration max = IsoDurations.parse(access.getMaxDuration());
      if (duration.compareTo(max) > 0) {
        return deny(
            "DurationTooLong",
            "Duration "
                + spec.getDuration()
                + " is longer than the "
                + access.getMaxDuration()
                + " that JitPolicy "
                + policyName
                + " allows (spec.access.maxDuration).");
      }
    }
    for (Integer number : spec.getPorts()) {
      Optional<Denial> denial = checkPort(vm.get(), number, source.get(), duration, spec);
      if (denial.isPresent()) {
        return denial;
      }
    }
    return Optional.empty();
  }

  private static Optional<Denial> checkPort(
      VirtualMachineRule vm,
      int number,
      SourcePrefix source,
      Duration duration,
      JitAccessRequestSpec spec) {
    Optional<PortRule> port =
        vm.getPorts().stream().filter(p -> p.getNumber() == number).findFirst();
    if (port.isEmpty()) {
      return deny(
          "PortNotInPolicy",
          "Port " + number + " of " + spec.getVirtualMachine() + " is not in the JitPolicy.");
    }
    List<String> allowed = port.get().getAllowedSourceAddressPrefixes();
    boolean inside =
        allowed.stream()
            .map(SourcePrefix::parse)
            .flatMap(Optional::stream)
            .anyMatch(prefix -> prefix.contains(source));
    if (!inside) {
      return deny(
          "SourceNotAllowed",
          "Source "
              + spec.getSourceAddressPrefix()
              + " is not inside the prefixes allowed for port "
              + number
              + ": "
              + String.join(", ", allowed)
              + ".");
    }
    Duration max = IsoDurations.parse(port.get().getMaxRequestAccessDuration());
    if (duration.compareTo(max) > 0) {
      return deny(
          "DurationTooLong",
          "Duration "
              + spec.getDuration()
              + " is longer than the "
              + port.get().getMaxRequestAccessDuration()
              + " allowed for port "
              + number
              + " (maxRequestAccessDuration).");
    }
    return Optional.empty();
  }

  /** The policy's rule for the virtual machine a request names, by name or by ARM id. */
  public static Optional<VirtualMachineRule> virtualMachine(JitPolicy policy, String wanted) {
    var key = PolicyEntries.keyOf(policy);
    String wantedLower = wanted.toLowerCase(Locale.ROOT);
    return policy.getSpec().getVirtualMachines().stream()
        .filter(
            vm ->
                wanted.equals(vm.getName())
                    || PolicyEntries.virtualMachineId(key, vm)
                        .toLowerCase(Locale.ROOT)
                        .equals(wantedLower))
        .findFirst();
  }

  private static boolean namespaceAllowed(JitPolicy policy, String namespace) {
    var access = policy.getSpec().getAccess();
    if (access == null || access.getAllowedNamespaces() == null) {
      return policy.getMetadata().getNamespace().equals(namespace);
    }
    return policy.getMetadata().getNamespace().equals(namespace)
        || access.getAllowedNamespaces().contains("*")
        || access.getAllowedNamespaces().contains(namespace);
  }

  private static Optional<Denial> deny(String reason, String message) {
    return Optional.of(new Denial(reason, message));
  }
}
