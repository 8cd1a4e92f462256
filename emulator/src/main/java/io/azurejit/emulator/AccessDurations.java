package io.azurejit.emulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The ISO-8601 access durations of JIT port rules: at least 5 minutes, at most one day. */
final class AccessDurations {

  static final Duration MINIMUM = Duration.ofMinutes(5);
  static final Duration MAXIMUM = Duration.ofDays(1);

  private AccessDurations() {}

  static Duration parse(String iso, String target) {
    Duration duration;
    try {
      duration = Duration.parse(iso);
    } catch (DateTimeParseException | NullPointerException e) {
      throw ArmException.invalidContent(
          "The value '" + iso + "' is not a valid ISO 8601 duration.", target);
    }
    if (duration.compareTo(MINIMUM) < 0 || duration.compareTo(MAXIMUM) > 0) {
      throw ArmException.invalidContent(
          "The max request access duration must be between 5 minutes and 1 day (PT5M to P1D),"
              + " but was '"
              + iso
              + "'.",
          target);
    }
    return duration;
  }
}
