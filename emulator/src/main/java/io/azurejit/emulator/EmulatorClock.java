package io.azurejit.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's notion of now: the system clock shifted by an offset that tests advance, so a
 * request can expire without anyone waiting through real minutes.
 */
public class EmulatorClock extends Clock {

  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  public EmulatorClock() {
    this(Clock.systemUTC());
  }

  EmulatorClock(Clock base) {
    this.base = base;
  }

  /** Moves the clock forward. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the emulator clock only moves forward");
    }
    offset = offset.plus(by);
  }

  /** Sets the clock to the given instant, which must not be in the emulator's past. */
  public void set(Instant to) {
    advance(Duration.between(instant(), to));
  }

  public void reset() {
    offset = Duration.ZERO;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the emulator clock is always UTC");
  }
}
