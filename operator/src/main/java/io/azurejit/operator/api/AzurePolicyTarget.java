package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Names the Azure JIT policy resource that a {@link JitPolicy} is converged into. */
public class AzurePolicyTarget {

  @Required
  @Pattern("^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$")
  @JsonPropertyDescription("Azure subscription id (a GUID) that holds the virtual machines.")
  private String subscriptionId;

  @Required
  @Size(min = 1, max = 90)
  @Pattern("^[-\\w\\._\\(\\)]+$")
  @JsonPropertyDescription("Resource group of the virtual machines and of the JIT policy.")
  private String resourceGroup;

  @Required
  @Size(min = 1, max = 40)
  @Pattern("^[a-z0-9]+$")
  @JsonPropertyDescription(
      "Azure region of the virtual machines in lowercase, for example westeurope. Azure stores"
          + " the JIT policy under this location.")
  private String location;

  @Default("default")
  @Size(min = 1, max = 50)
  @Pattern("^[-\\w\\.]+$")
  @JsonPropertyDescription(
      "Name of the Azure JIT policy. The Azure portal uses 'default' for one policy per resource"
          + " group and location; several JitPolicies may share one Azure policy.")
  private String policyName = "default";

  public String getSubscriptionId() {
    return subscriptionId;
  }

  public void setSubscriptionId(String subscriptionId) {
    this.subscriptionId = subscriptionId;
  }

  public String getResourceGroup() {
    return resourceGroup;
  }

  public void setResourceGroup(String resourceGroup) {
    this.resourceGroup = resourceGroup;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public String getPolicyName() {
    return policyName;
  }

  public void setPolicyName(String policyName) {
    this.policyName = policyName;
  }
}
