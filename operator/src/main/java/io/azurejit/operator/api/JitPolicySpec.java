package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of a {@link JitPolicy}. */
public class JitPolicySpec {

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "the Azure policy of a JitPolicy cannot change; delete it and create a new JitPolicy")
  @JsonPropertyDescription(
      "The Azure JIT policy this JitPolicy is converged into. It cannot change after creation.")
  private AzurePolicyTarget azure;

  @Required
  @Size(min = 1, max = 100)
  @ValidationRule(
      value =
          "self.all(v, !has(v.name) || self.exists_one(w, has(w.name) && w.name == v.name))"
              + " && self.all(v, !has(v.id) || self.exists_one(w, has(w.id) && w.id == v.id))",
      message = "each virtual machine may appear only once")
  @JsonPropertyDescription("Virtual machines whose ports may be opened, and the rules per port.")
  private List<VirtualMachineRule> virtualMachines;

  @JsonPropertyDescription("Rules for JitAccessRequests that reference this policy.")
  private AccessRules access;

  @Default("Delete")
  @JsonPropertyDescription(
      "Delete removes this JitPolicy's virtual machines from the Azure policy when the JitPolicy"
          + " is deleted (and the Azure policy once nothing remains in it); Orphan leaves Azure"
          + " as it is.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

  public AzurePolicyTarget getAzure() {
    return azure;
  }

  public void setAzure(AzurePolicyTarget azure) {
    this.azure = azure;
  }

  public List<VirtualMachineRule> getVirtualMachines() {
    return virtualMachines;
  }

  public void setVirtualMachines(List<VirtualMachineRule> virtualMachines) {
    this.virtualMachines = virtualMachines;
  }

  public AccessRules getAccess() {
    return access;
  }

  public void setAccess(AccessRules access) {
    this.access = access;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
