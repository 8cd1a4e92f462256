package io.azurejit.operator.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * An Azure JIT policy as ARM returns it ({@code JitNetworkAccessPolicy}, api-version 2020-01-01):
 * the virtual machines and ports it covers and the history of access requests.
 *
 * @param id ARM id, filled by Azure
 * @param name policy name, filled by Azure
 * @param location the location segment of the id, filled by Azure
 * @param kind {@code Basic} in every known policy
 * @param properties the policy's content
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JitPolicyDocument(
    String id, String name, String location, String kind, Properties properties) {

  /** The document to PUT: only virtual machines; Azure keeps its own request history. */
  public static JitPolicyDocument of(List<PolicyVirtualMachine> virtualMachines) {
    return new JitPolicyDocument(
        null, null, null, "Basic", new Properties(virtualMachines, null, null));
  }

  public List<PolicyVirtualMachine> virtualMachines() {
    return properties == null || properties.virtualMachines() == null
        ? List.of()
        : properties.virtualMachines();
  }

  public List<AccessRequestRecord> requests() {
    return properties == null || properties.requests() == null ? List.of() : properties.requests();
  }

  /** The same policy without its request history, for holders that only need its content. */
  public JitPolicyDocument withoutRequests() {
    if (properties == null || properties.requests() == null) {
      return this;
    }
    return new JitPolicyDocument(
        id,
        name,
        location,
        kind,
        new Properties(properties.virtualMachines(), null, properties.provisioningState()));
  }

  /** The first request whose justification contains {@code marker}, if any. */
  public Optional<AccessRequestRecord> requestMarked(String marker) {
    return requests().stream()
        .filter(r -> r.justification() != null && r.justification().contains(marker))
        .findFirst();
  }

  /**
   * The body of {@code JitNetworkAccessPolicy.properties}.
   *
   * @param virtualMachines the covered virtual machines
   * @param requests access requests made against the policy, in no particular order
   * @param provisioningState {@code Succeeded} once stored
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Properties(
      List<PolicyVirtualMachine> virtualMachines,
      List<AccessRequestRecord> requests,
      String provisioningState) {}
}
