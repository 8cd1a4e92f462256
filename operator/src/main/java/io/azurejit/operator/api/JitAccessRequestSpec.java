package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What a {@link JitAccessRequest} asks for. Everything but {@code revoke} and {@code
 * ttlSecondsAfterFinished} is fixed once created, so what was checked is what is opened.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.policyRef == oldSelf.policyRef && self.virtualMachine == oldSelf.virtualMachine"
            + " && self.ports == oldSelf.ports"
            + " && self.sourceAddressPrefix == oldSelf.sourceAddressPrefix"
            + " && self.duration == oldSelf.duration"
            + " && has(self.justification) == has(oldSelf.justification)"
            + " && (!has(self.justification) || self.justification == oldSelf.justification)",
    message =
        "a JitAccessRequest cannot change after creation except spec.revoke and"
            + " spec.ttlSecondsAfterFinished; create a new request instead")
public class JitAccessRequestSpec {

  @Required
  @JsonPropertyDescription("The JitPolicy this request is checked against.")
  private PolicyReference policyRef;

  @Required
  @Size(min = 1, max = 300)
  @JsonPropertyDescription(
      "The virtual machine to open, as the JitPolicy names it: its name, or its full ARM id.")
  private String virtualMachine;

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(p, self.exists_one(q, q == p))",
      message = "each port may appear only once")
  @JsonPropertyDescription("Port numbers to open, each one a port the JitPolicy lists.")
  private List<@Min(1) @Max(65535) Integer> ports;

  @Required
  @Size(min = 1, max = 64)
  @ValidationRule(
      value = "self == '*' || isIP(self) || isCIDR(self)",
      message = "must be an IP address, a CIDR range such as 203.0.113.0/28, or *")
  @JsonPropertyDescription(
      "Source address or CIDR range to open the ports for, inside one of the policy's allowed"
          + " prefixes. Required: Azure would otherwise open them for the caller, which is the"
          + " operator. * is accepted only where the policy allows any source.")
  private String sourceAddressPrefix;

  @Required
  @Size(max = 20)
  @Pattern(IsoDurations.PATTERN)
  @ValidationRule(
      value = IsoDurations.REQUEST_RANGE_RULE,
      message = IsoDurations.REQUEST_RANGE_MESSAGE)
  @JsonPropertyDescription(
      "How long the ports stay open, as an ISO-8601 duration such as PT10M; at most the"
          + " policy's access.maxDuration and each port's maxRequestAccessDuration.")
  private String duration;

  @Size(max = 500)
  @JsonPropertyDescription("Why access is needed; stored with the request in Azure.")
  private String justification;

  @Default("false")
  @ValidationRule(value = "self || !oldSelf", message = "a revoke cannot be taken back")
  @JsonPropertyDescription(
      "Set to true to close access early. Azure has no revoke operation: the operator replaces"
          + " the open request with the shortest one Azure accepts, and status.closesBy says"
          + " when the ports are closed at the latest.")
  private Boolean revoke = false;

  @Min(0)
  @JsonPropertyDescription(
      "Seconds after the request finished (Expired, Revoked, Denied or Failed) at which the"
          + " operator deletes it. Unset: the request stays until someone deletes it.")
  private Long ttlSecondsAfterFinished;

  public PolicyReference getPolicyRef() {
    return policyRef;
  }

  public void setPolicyRef(PolicyReference policyRef) {
    this.policyRef = policyRef;
  }

  public String getVirtualMachine() {
    return virtualMachine;
  }

  public void setVirtualMachine(String virtualMachine) {
    this.virtualMachine = virtualMachine;
  }

  public List<Integer> getPorts() {
    return ports;
  }

  public void setPorts(List<Integer> ports) {
    this.ports = ports;
  }

  public String getSourceAddressPrefix() {
    return sourceAddressPrefix;
  }

  public void setSourceAddressPrefix(String sourceAddressPrefix) {
    this.sourceAddressPrefix = sourceAddressPrefix;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getJustification() {
    return justification;
  }

  public void setJustification(String justification) {
    this.justification = justification;
  }

  public Boolean getRevoke() {
    return revoke;
  }

  public void setRevoke(Boolean revoke) {
    this.revoke = revoke;
  }

  public Long getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }
}
