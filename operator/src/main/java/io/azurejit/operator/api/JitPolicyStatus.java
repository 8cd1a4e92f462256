package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a {@link JitPolicy}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JitPolicyStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready: the policy is in Azure as declared. Synced: the last comparison with Azure"
          + " succeeded.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("ARM id of the Azure JIT policy.")
  private String azurePolicyId;

  @JsonPropertyDescription("When Azure was last read and found matching, RFC 3339.")
  private String lastSyncTime;

  @JsonPropertyDescription("Hash of the virtual machine entries this JitPolicy last applied.")
  private String appliedHash;

  @JsonPropertyDescription("Number of virtual machines this JitPolicy contributes.")
  private Integer virtualMachineCount;

  @JsonPropertyDescription(
      "ARM ids of the virtual machines this JitPolicy last wrote into the Azure policy. They are"
          + " the ones it removes again when they leave the spec or the JitPolicy is deleted.")
  private List<String> appliedVirtualMachines;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getAzurePolicyId() {
    return azurePolicyId;
  }

  public void setAzurePolicyId(String azurePolicyId) {
    this.azurePolicyId = azurePolicyId;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }

  public String getAppliedHash() {
    return appliedHash;
  }

  public void setAppliedHash(String appliedHash) {
    this.appliedHash = appliedHash;
  }

  public List<String> getAppliedVirtualMachines() {
    return appliedVirtualMachines;
  }

  public void setAppliedVirtualMachines(List<String> appliedVirtualMachines) {
    this.appliedVirtualMachines = appliedVirtualMachines;
  }

  public Integer getVirtualMachineCount() {
    return virtualMachineCount;
  }

  public void setVirtualMachineCount(Integer virtualMachineCount) {
    this.virtualMachineCount = virtualMachineCount;
  }

  /** A shallow copy, to change and patch without touching the cached resource. */
  public JitPolicyStatus copy() {
    var copy = new JitPolicyStatus();
    copy.observedGeneration = observedGeneration;
    copy.conditions = conditions;
    copy.azurePolicyId = azurePolicyId;
    copy.lastSyncTime = lastSyncTime;
    copy.appliedHash = appliedHash;
    copy.appliedVirtualMachines = appliedVirtualMachines;
    copy.virtualMachineCount = virtualMachineCount;
    return copy;
  }
}
