package io.azurejit.operator.azure;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Identifies one Azure JIT policy resource. Azure treats resource groups and locations without
 * regard to case, so two keys that differ only in case name the same policy.
 *
 * @param subscriptionId subscription GUID
 * @param resourceGroup resource group of the policy
 * @param location Azure region the policy is stored under, such as {@code westeurope}
 * @param policyName name of the JIT policy, often {@code default}
 */
public record AzurePolicyKey(
    String subscriptionId, String resourceGroup, String location, String policyName) {

  private static final Pattern RESOURCE_ID =
      Pattern.compile(
          "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Security"
              + "/locations/([^/]+)/jitNetworkAccessPolicies/([^/]+)$",
          Pattern.CASE_INSENSITIVE);

  /** The key of a policy's ARM resource id. */
  public static AzurePolicyKey parse(String resourceId) {
    var match = RESOURCE_ID.matcher(resourceId);
    if (!match.matches()) {
      throw new IllegalArgumentException("not a JIT policy resource id: " + resourceId);
    }
    return new AzurePolicyKey(match.group(1), match.group(2), match.group(3), match.group(4));
  }

  /** The ARM resource id of the policy. */
  public String resourceId() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.Security/locations/"
        + location
        + "/jitNetworkAccessPolicies/"
        + policyName;
  }

  /** The ARM id of a virtual machine named {@code vmName} in this policy's resource group. */
  public String virtualMachineId(String vmName) {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.Compute/virtualMachines/"
        + vmName;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AzurePolicyKey key && canonical().equals(key.canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  @Override
  public String toString() {
    return resourceId();
  }

  private String canonical() {
    return resourceId().toLowerCase(Locale.ROOT);
  }
}
