package io.azurejit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Rules for the JitAccessRequests that reference a {@link JitPolicy}. */
public class AccessRules {

  @Size(max = 20)
  @Pattern(IsoDurations.PATTERN)
  @ValidationRule(
      value = IsoDurations.REQUEST_RANGE_RULE,
      message = IsoDurations.REQUEST_RANGE_MESSAGE)
  @JsonPropertyDescription(
      "Longest duration a request may ask for, as an ISO-8601 duration. A request must also stay"
          + " within each port's maxRequestAccessDuration. Unset: only the port limits apply.")
  private String maxDuration;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Namespaces whose JitAccessRequests may use this policy; * allows every namespace. Unset:"
          + " only the policy's own namespace.")
  private List<String> allowedNamespaces;

  public String getMaxDuration() {
    return maxDuration;
  }

  public void setMaxDuration(String maxDuration) {
    this.maxDuration = maxDuration;
  }

  public List<String> getAllowedNamespaces() {
    return allowedNamespaces;
  }

  public void setAllowedNamespaces(List<String> allowedNamespaces) {
    this.allowedNamespaces = allowedNamespaces;
  }
}
