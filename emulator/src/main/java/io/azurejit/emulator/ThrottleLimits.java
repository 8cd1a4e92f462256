package io.azurejit.emulator;

/**
 * Sizes of ARM's token buckets per subscription, principal and kind of operation: a bucket holds
 * {@code capacity} requests and regains {@code refillPerSecond} each second.
 */
public record ThrottleLimits(
    int readCapacity,
    int readRefillPerSecond,
    int writeCapacity,
    int writeRefillPerSecond,
    int deleteCapacity,
    int deleteRefillPerSecond) {

  /** ARM's regional limits since 2024: reads 250 at 25/s, writes and deletes 200 at 10/s. */
  public static final ThrottleLimits ARM = new ThrottleLimits(250, 25, 200, 10, 200, 10);
}
