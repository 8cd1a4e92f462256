package io.azurejit.operator.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One access request in an Azure JIT policy's history, also the answer to {@code initiate} ({@code
 * JitNetworkAccessRequest}).
 *
 * @param virtualMachines what was opened, per virtual machine
 * @param startTimeUtc when Azure accepted the request, as Azure wrote it
 * @param requestor identity of the caller; Azure may leave it empty
 * @param justification the text given with the request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessRequestRecord(
    List<VirtualMachine> virtualMachines,
    String startTimeUtc,
    String requestor,
    String justification) {

  /**
   * When Azure accepted the request. Times stay text until asked for: a policy's history holds
   * thousands of requests, and parsing every timestamp of every read would dominate its cost.
   */
  public OffsetDateTime startTime() {
    return startTimeUtc == null ? null : OffsetDateTime.parse(startTimeUtc);
  }

  /** Every port of the request, whichever virtual machine it belongs to. */
  public List<Port> ports() {
    return virtualMachines == null
        ? List.of()
        : virtualMachines.stream().flatMap(vm -> vm.ports().stream()).toList();
  }

  /**
   * The ports of one virtual machine in a request.
   *
   * @param id ARM id of the virtual machine
   * @param ports the requested ports and their state
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VirtualMachine(String id, List<Port> ports) {}

  /**
   * One port of a request and its state in Azure ({@code JitNetworkAccessRequestPort}).
   *
   * @param number port number
   * @param allowedSourceAddressPrefix the source it is open for
   * @param endTimeUtc when Azure closes it, as Azure wrote it
   * @param status {@code Initiating}, {@code Initiated} or {@code Revoked}
   * @param statusReason {@code UserRequested}, {@code Expired} or {@code NewerRequestInitiated}
   * @param mappedPort the Azure Firewall port mapped to {@code number}, when there is one
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Port(
      int number,
      String allowedSourceAddressPrefix,
      String endTimeUtc,
      PortStatus status,
      PortStatusReason statusReason,
      Integer mappedPort) {

    /** When Azure closes the port. */
    public OffsetDateTime endTime() {
      return endTimeUtc == null ? null : OffsetDateTime.parse(endTimeUtc);
    }
  }
}
