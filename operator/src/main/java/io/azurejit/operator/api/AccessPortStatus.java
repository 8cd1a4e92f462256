package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One port of a {@link JitAccessRequest} as Azure reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessPortStatus {

  @JsonPropertyDescription("Port number.")
  private Integer number;

  @JsonPropertyDescription("Azure's state of the port: Initiating, Initiated or Revoked.")
  private String status;

  @JsonPropertyDescription("Why: UserRequested, Expired or NewerRequestInitiated.")
  private String statusReason;

  @JsonPropertyDescription("When Azure closes the port, RFC 3339.")
  private String endTimeUtc;

  public Integer getNumber() {
    return number;
  }

  public void setNumber(Integer number) {
    this.number = number;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getStatusReason() {
    return statusReason;
  }

  public void setStatusReason(String statusReason) {
    this.statusReason = statusReason;
  }

  public String getEndTimeUtc() {
    return endTimeUtc;
  }

  public void setEndTimeUtc(String endTimeUtc) {
    this.endTimeUtc = endTimeUtc;
  }
}
