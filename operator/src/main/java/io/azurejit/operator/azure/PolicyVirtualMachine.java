package io.azurejit.operator.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A virtual machine entry of an Azure JIT policy.
 *
 * @param id full ARM id of the virtual machine
 * @param ports ports JIT may open on it
 * @param publicIpAddress public IP of a linked Azure Firewall, when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolicyVirtualMachine(String id, List<PolicyPort> ports, String publicIpAddress) {

  public PolicyVirtualMachine(String id, List<PolicyPort> ports) {
    this(id, ports, null);
  }

  /**
   * A port rule of a policy's virtual machine ({@code JitNetworkAccessPortRule}). Azure allows
   * either {@code allowedSourceAddressPrefix} or {@code allowedSourceAddressPrefixes}, not both.
   *
   * @param number port number
   * @param protocol {@code TCP}, {@code UDP} or {@code *}
   * @param allowedSourceAddressPrefix a single allowed source, or {@code *}
   * @param allowedSourceAddressPrefixes several allowed sources
   * @param maxRequestAccessDuration ISO-8601 duration, PT5M to PT24H
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PolicyPort(
      int number,
      String protocol,
      String allowedSourceAddressPrefix,
      List<String> allowedSourceAddressPrefixes,
      String maxRequestAccessDuration) {

    /** The allowed sources, whichever of the two fields carries them. */
    public List<String> allowedSources() {
      if (allowedSourceAddressPrefixes != null) {
        return allowedSourceAddressPrefixes;
      }
      return allowedSourceAddressPrefix == null ? List.of() : List.of(allowedSourceAddressPrefix);
    }
  }
}
