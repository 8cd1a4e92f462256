package io.azurejit.operator.azure;

/**
 * What is known after an {@code initiate} call. {@code initiate} is not idempotent, so a call that
 * got no definite answer is reported as {@link Unknown}: the caller must look for its request in
 * the policy's history before trying again.
 */
public sealed interface InitiateOutcome {

  /** Azure accepted the request (202). */
  record Opened(AccessRequestRecord request) implements InitiateOutcome {}

  /** Azure refused the request; nothing was opened. */
  record Refused(AzureJitException error) implements InitiateOutcome {}

  /** The call timed out, lost its connection or got a 5xx: it may or may not have opened. */
  record Unknown(AzureJitException error) implements InitiateOutcome {}
}
