package io.azurejit.operator.api;

import java.time.Duration;

/**
 * The ISO-8601 durations that Azure JIT accepts ({@code PT3H}, {@code PT90M}, {@code P1D}), as
 * API-server validation rules and as a parser for the operator.
 */
public final class IsoDurations {

  /** The duration forms accepted: whole days as {@code P1D}, otherwise hours, minutes, seconds. */
  public static final String PATTERN = "^(P1D|PT([0-9]+H)?([0-9]+M)?([0-9]+S)?)$";

  /**
   * A CEL expression giving the duration in {@code self} in seconds; valid for {@link #PATTERN}.
   */
  static final String SECONDS =
      "(self == 'P1D' ? 86400 :"
          + " int('0' + self.find('[0-9]+H').replace('H', '')) * 3600"
          + " + int('0' + self.find('[0-9]+M').replace('M', '')) * 60"
          + " + int('0' + self.find('[0-9]+S').replace('S', '')))";

  /** CEL rule: between 5 minutes and 24 hours, the range Azure allows for a port's maximum. */
  public static final String POLICY_RANGE_RULE =
      "self != 'PT' && " + SECONDS + " >= 300 && " + SECONDS + " <= 86400";

  public static final String POLICY_RANGE_MESSAGE =
      "must be an ISO-8601 duration between 5 minutes (PT5M) and 24 hours (PT24H)";

  /** CEL rule: between 1 minute and 24 hours, the range of one access request. */
  public static final String REQUEST_RANGE_RULE =
      "self != 'PT' && " + SECONDS + " >= 60 && " + SECONDS + " <= 86400";

  public static final String REQUEST_RANGE_MESSAGE =
      "must be an ISO-8601 duration between 1 minute (PT1M) and 24 hours (PT24H)";

  private IsoDurations() {}

  /** Parses a duration in one of the accepted forms. */
  public static Duration parse(String iso) {
    return Duration.parse(iso);
  }
}
