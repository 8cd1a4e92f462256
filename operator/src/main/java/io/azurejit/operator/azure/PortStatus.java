package io.azurejit.operator.azure;

import com.azure.core.util.ExpandableStringEnum;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * State of a port in an Azure access request. Azure answers {@code Initiating} right after an
 * initiate although its specification lists only {@code Initiated} and {@code Revoked}, so unknown
 * values are kept rather than rejected.
 */
public final class PortStatus extends ExpandableStringEnum<PortStatus> {

  public static final PortStatus INITIATING = fromString("Initiating");
  public static final PortStatus INITIATED = fromString("Initiated");
  public static final PortStatus REVOKED = fromString("Revoked");

  /** Use the constants or {@link #fromString(String)}. */
  @Deprecated
  public PortStatus() {}

  @JsonCreator
  public static PortStatus fromString(String name) {
    return fromString(name, PortStatus.class);
  }

  @JsonValue
  @Override
  public String toString() {
    return super.toString();
  }
}
