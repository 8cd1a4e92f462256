package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Azure access request a {@link JitAccessRequest} maps to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureRequestReference {

  @JsonPropertyDescription("ARM id of the Azure JIT policy the request was made against.")
  private String policyId;

  @JsonPropertyDescription("ARM id of the virtual machine.")
  private String virtualMachineId;

  @JsonPropertyDescription("When Azure accepted the request, RFC 3339.")
  private String startTimeUtc;

  @JsonPropertyDescription("The identity Azure recorded as requestor: the operator's.")
  private String requestor;

  @JsonPropertyDescription("The justification sent to Azure, with the request's token and name.")
  private String justification;

  public String getPolicyId() {
    return policyId;
  }

  public void setPolicyId(String policyId) {
    this.policyId = policyId;
  }

  public String getVirtualMachineId() {
    return virtualMachineId;
  }

  public void setVirtualMachineId(String virtualMachineId) {
    this.virtualMachineId = virtualMachineId;
  }

  public String getStartTimeUtc() {
    return startTimeUtc;
  }

  public void setStartTimeUtc(String startTimeUtc) {
    this.startTimeUtc = startTimeUtc;
  }

  public String getRequestor() {
    return requestor;
  }

  public void setRequestor(String requestor) {
    this.requestor = requestor;
  }

  public String getJustification() {
    return justification;
  }

  public void setJustification(String justification) {
    this.justification = justification;
  }
}
