package io.azurejit.operator.access;

import static io.azurejit.operator.testing.JitPolicies.port;
import static io.azurejit.operator.testing.JitPolicies.sshPolicy;
import static io.azurejit.operator.testing.JitPolicies.vmRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.azurejit.operator.api.AccessRules;
import io.azurejit.operator.api.JitAccessRequest;
import io.azurejit.operator.api.JitPolicy;
import io.azurejit.operator.testing.AccessRequests;
import io.azurejit.operator.testing.JitPolicies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules a request must keep, checked without a cluster or Azure. */
class RequestValidationTest {

  private final JitPolicy policy = sshPolicy("team-a", "web-ssh", "vm-web-1");
  private final JitAccessRequest request =
      AccessRequests.ssh("team-a", "deploy", "web-ssh", "vm-web-1");

  @Test
  void aRequestInsideEveryRuleIsAllowed() {
    assertThat(RequestValidation.check(request, policy)).isEmpty();
  }

  @Test
  void anotherNamespaceIsDeniedUnlessThePolicyListsItOrAllowsAll() {
    var foreign = AccessRequests.ssh("team-b", "deploy", "web-ssh", "vm-web-1");

    assertDenied(foreign, "NamespaceNotAllowed", "team-b");

    policy.getSpec().setAccess(access(null, List.of("team-b")));
    assertThat(RequestValidation.check(foreign, policy)).isEmpty();

    policy.getSpec().setAccess(access(null, List.of("*")));
    assertThat(RequestValidation.check(foreign, policy)).isEmpty();
  }

  @Test
  void aVirtualMachineOutsideThePolicyIsDenied() {
    request.getSpec().setVirtualMachine("vm-db-1");

    assertDenied(request, "VirtualMachineNotInPolicy", "vm-db-1");
  }

  @Test
  void aVirtualMachineMayBeNamedByItsArmIdInAnyCase() {
    request
        .getSpec()
        .setVirtualMachine(
            "/SUBSCRIPTIONS/"
                + JitPolicies.SUBSCRIPTION
                + "/resourceGroups/RG-APPS/providers/Microsoft.Compute/virtualMachines/vm-web-1");

    assertThat(RequestValidation.check(request, policy)).isEmpty();
  }

  @Test
  void everyPortMustBeInThePolicy() {
    request.getSpec().setPorts(List.of(22, 3389));

    assertDenied(request, "PortNotInPolicy", "Port 3389");
  }

  @Test
  void aSourceWiderThanTheAllowedPrefixIsDenied() {
    request.getSpec().setSourceAddressPrefix("10.0.0.0/16");

    assertDenied(request, "SourceNotAllowed", "10.0.0.0/24");
  }

  @Test
  void anySourceIsDeniedUnlessThePortAllowsAny() {
    request.getSpec().setSourceAddressPrefix("*");

    assertDenied(request, "SourceNotAllowed", "*");

    policy.getSpec().getVirtualMachines().set(0, vmRule("vm-web-1", port(22, "*")));
    assertThat(RequestValidation.check(request, policy)).isEmpty();
  }

  @Test
  void aSourceThatIsNotAnAddressIsDenied() {
    request.getSpec().setSourceAddressPrefix("build-agent.example.com");

    assertDenied(request, "InvalidSource", "build-agent.example.com");
  }

  @Test
  void aDurationOverThePolicysMaximumIsDenied() {
    policy.getSpec().setAccess(access("PT5M", null));

    assertDenied(request, "DurationTooLong", "spec.access.maxDuration");
  }

  @Test
  void aDurationOverThePortsMaximumIsDenied() {
    request.getSpec().setDuration("PT4H");

    assertDenied(request, "DurationTooLong", "maxRequestAccessDuration");
  }

  private void assertDenied(JitAccessRequest request, String reason, String mentioned) {
    assertThat(RequestValidation.check(request, policy))
        .hasValueSatisfying(
            denial -> {
              assertThat(denial.reason()).isEqualTo(reason);
              assertThat(denial.message()).contains(mentioned);
            });
  }

  private static AccessRules access(String maxDuration, List<String> namespaces) {
    var access = new AccessRules();
    access.setMaxDuration(maxDuration);
    access.setAllowedNamespaces(namespaces);
    return access;
  }
}
