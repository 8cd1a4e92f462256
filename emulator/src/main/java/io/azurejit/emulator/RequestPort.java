package io.azurejit.emulator;

import java.time.Instant;

/** One port of an access request, with the status Azure reports for it. */
final class RequestPort {

  static final String INITIATING = "Initiating";
  static final String INITIATED = "Initiated";
  static final String REVOKED = "Revoked";
  static final String USER_REQUESTED = "UserRequested";
  static final String EXPIRED = "Expired";
  static final String NEWER_REQUEST_INITIATED = "NewerRequestInitiated";

  final String virtualMachineId;
  final int number;
  final String allowedSourceAddressPrefix;
  final Instant endTimeUtc;
  final Instant initiatedAt;
  String status = INITIATING;
  String statusReason = USER_REQUESTED;
  String allowRuleName;

  RequestPort(
      String virtualMachineId,
      int number,
      String allowedSourceAddressPrefix,
      Instant endTimeUtc,
      Instant initiatedAt) {
    this.virtualMachineId = virtualMachineId;
    this.number = number;
    this.allowedSourceAddressPrefix = allowedSourceAddressPrefix;
    this.endTimeUtc = endTimeUtc;
    this.initiatedAt = initiatedAt;
  }

  boolean isOpen() {
    return !REVOKED.equals(status);
  }

  void revoke(String reason) {
    status = REVOKED;
    statusReason = reason;
  }
}
