package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One port of a virtual machine that JIT access may open, and the limits on opening it. */
public class PortRule {

  @Required
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port number, 1 to 65535, for example 22 for SSH or 3389 for RDP.")
  private Integer number;

  @Default("\"*\"")
  @Pattern("^(TCP|UDP|\\*)$")
  @JsonPropertyDescription("Protocol: TCP, UDP or * for both.")
  private String protocol = "*";

  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(p, p == '*' || isIP(p) || isCIDR(p))",
      message = "each entry must be an IP address, a CIDR range such as 10.0.0.0/24, or *")
  @ValidationRule(
      value = "!self.exists(p, p == '*') || size(self) == 1",
      message = "* allows any source and cannot be combined with other entries")
  @JsonPropertyDescription(
      "Source IP addresses or CIDR ranges that requests may open this port for; * allows any"
          + " source. A request's source must lie inside one of them.")
  private List<@Size(max = 64) String> allowedSourceAddressPrefixes;

  @Default("PT3H")
  @Size(max = 20)
  @Pattern(IsoDurations.PATTERN)
  @ValidationRule(
      value = IsoDurations.POLICY_RANGE_RULE,
      message = IsoDurations.POLICY_RANGE_MESSAGE)
  @JsonPropertyDescription(
      "Longest time one request may keep this port open, as an ISO-8601 duration from PT5M to"
          + " PT24H (Azure's limits). Defaults to PT3H like the Azure portal.")
  private String maxRequestAccessDuration = "PT3H";

  public Integer getNumber() {
    return number;
  }

  public void setNumber(Integer number) {
    this.number = number;
  }

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public List<String> getAllowedSourceAddressPrefixes() {
    return allowedSourceAddressPrefixes;
  }

  public void setAllowedSourceAddressPrefixes(List<String> allowedSourceAddressPrefixes) {
    this.allowedSourceAddressPrefixes = allowedSourceAddressPrefixes;
  }

  public String getMaxRequestAccessDuration() {
    return maxRequestAccessDuration;
  }

  public void setMaxRequestAccessDuration(String maxRequestAccessDuration) {
    this.maxRequestAccessDuration = maxRequestAccessDuration;
  }
}
