package io.azurejit.operator.azure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The body of {@code POST .../initiate} ({@code JitNetworkAccessPolicyInitiateRequest}).
 *
 * @param virtualMachines what to open, per virtual machine
 * @param justification free text stored with the request in Azure
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitiateRequest(List<VirtualMachine> virtualMachines, String justification) {

  /**
   * The ports to open on one virtual machine.
   *
   * @param id ARM id of the virtual machine
   * @param ports the ports to open
   */
  public record VirtualMachine(String id, List<Port> ports) {}

  /**
   * One port to open.
   *
   * @param number port number
   * @param allowedSourceAddressPrefix the source to open it for; Azure would otherwise use the
   *     caller's address, which is the operator's
   * @param endTimeUtc when Azure closes it again, in UTC
   */
  public record Port(int number, String allowedSourceAddressPrefix, OffsetDateTime endTimeUtc) {}
}
