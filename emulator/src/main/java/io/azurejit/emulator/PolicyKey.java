package io.azurejit.emulator;

import java.util.Locale;

/**
 * Identifies a JIT policy. ARM matches path segments case-insensitively, so the key is lowercase
 * while the policy keeps the spelling it was created with.
 */
record PolicyKey(String subscriptionId, String resourceGroup, String location, String name) {

  static PolicyKey of(String subscriptionId, String resourceGroup, String location, String name) {
    return new PolicyKey(lower(subscriptionId), lower(resourceGroup), lower(location), lower(name));
  }

  private static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
