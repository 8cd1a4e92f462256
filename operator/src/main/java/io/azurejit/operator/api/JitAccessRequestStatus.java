package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a {@link JitAccessRequest}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JitAccessRequestStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Where the request stands: Pending, Approved, Opening, Active, Expired, Revoked,"
          + " Denied or Failed.")
  private AccessPhase phase;

  @JsonPropertyDescription(
      "Validated, Approved and Active, with reasons and messages a person can act on.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "Unique token of the open, recorded before Azure is called and carried in the"
          + " Azure justification, so the open happens once even across restarts.")
  private String openToken;

  @JsonPropertyDescription("Unique token of the early close, recorded before Azure is called.")
  private String revokeToken;

  @JsonPropertyDescription("When Azure opened the ports, RFC 3339.")
  private String startTime;

  @JsonPropertyDescription("When the ports close, RFC 3339.")
  private String expiresAt;

  @JsonPropertyDescription("After a revoke: when Azure closes the ports at the latest, RFC 3339.")
  private String closesBy;

  @JsonPropertyDescription("When the request reached Expired, Revoked, Denied or Failed, RFC 3339.")
  private String finishedAt;

  @JsonPropertyDescription("The Azure access request this request maps to.")
  private AzureRequestReference azureRequest;

  @JsonPropertyDescription("Each port's state as Azure last reported it.")
  private List<AccessPortStatus> ports;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public AccessPhase getPhase() {
    return phase;
  }

  public void setPhase(AccessPhase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getOpenToken() {
    return openToken;
  }

  public void setOpenToken(String openToken) {
    this.openToken = openToken;
  }

  public String getRevokeToken() {
    return revokeToken;
  }

  public void setRevokeToken(String revokeToken) {
    this.revokeToken = revokeToken;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getClosesBy() {
    return closesBy;
  }

  public void setClosesBy(String closesBy) {
    this.closesBy = closesBy;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public AzureRequestReference getAzureRequest() {
    return azureRequest;
  }

  public void setAzureRequest(AzureRequestReference azureRequest) {
    this.azureRequest = azureRequest;
  }

  public List<AccessPortStatus> getPorts() {
    return ports;
  }

  public void setPorts(List<AccessPortStatus> ports) {
    this.ports = ports;
  }

  /** A shallow copy, to change and patch without touching the cached resource. */
  public JitAccessRequestStatus copy() {
    var copy = new JitAccessRequestStatus();
    copy.observedGeneration = observedGeneration;
    copy.phase = phase;
    copy.conditions = conditions;
    copy.openToken = openToken;
    copy.revokeToken = revokeToken;
    copy.startTime = startTime;
    copy.expiresAt = expiresAt;
    copy.closesBy = closesBy;
    copy.finishedAt = finishedAt;
    copy.azureRequest = azureRequest;
    copy.ports = ports;
    return copy;
  }
}
