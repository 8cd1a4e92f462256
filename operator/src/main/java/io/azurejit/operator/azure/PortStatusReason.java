package io.azurejit.operator.azure;

import com.azure.core.util.ExpandableStringEnum;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a port of an Azure access request is in its state; unknown values are kept. */
public final class PortStatusReason extends ExpandableStringEnum<PortStatusReason> {

  public static final PortStatusReason USER_REQUESTED = fromString("UserRequested");
  public static final PortStatusReason EXPIRED = fromString("Expired");
  public static final PortStatusReason NEWER_REQUEST_INITIATED =
      fromString("NewerRequestInitiated");

  /** Use the constants or {@link #fromString(String)}. */
  @Deprecated
  public PortStatusReason() {}

  @JsonCreator
  public static PortStatusReason fromString(String name) {
    return fromString(name, PortStatusReason.class);
  }

  @JsonValue
  @Override
  public String toString() {
    return super.toString();
  }
}
