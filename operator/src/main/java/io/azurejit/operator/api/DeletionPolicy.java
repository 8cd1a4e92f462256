package io.azurejit.operator.api;

/** What happens to a JitPolicy's entries in the Azure JIT policy when the JitPolicy is deleted. */
public enum DeletionPolicy {
  /** Remove this JitPolicy's virtual machines from the Azure policy. */
  Delete,
  /** Leave the Azure policy as it is. */
  Orphan
}
