package io.azurejit.operator.api;

/** The phases of a {@link JitAccessRequest}, in the order a successful request passes them. */
public enum AccessPhase {
  /** Waiting for its JitPolicy to become Ready. */
  Pending,
  /** Checked against its JitPolicy and approved; not yet sent to Azure. */
  Approved,
  /** The open is recorded and being sent to Azure. */
  Opening,
  /** Azure has opened the ports until {@code expiresAt}. */
  Active,
  /** The access window has passed; Azure closed the ports. */
  Expired,
  /** Closed early on request or on delete. */
  Revoked,
  /** The request breaks a rule of its JitPolicy; nothing was opened. */
  Denied,
  /** Azure refused to open the ports. */
  Failed;

  /** Whether the request is finished and will not change phase again. */
  public boolean isFinished() {
    return this == Expired || this == Revoked || this == Denied || this == Failed;
  }
}
