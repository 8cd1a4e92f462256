package io.azurejit.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Bearer tokens for the emulator, which accepts any token and records a JWT's identity. */
final class Tokens {

  private Tokens() {}

  /** An unsigned JWT with {@code upn} and {@code oid} set to {@code name}. */
  static String named(String name) {
    var encoder = Base64.getUrlEncoder().withoutPadding();
    String header = encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String claims = "{\"upn\":\"" + name + "\",\"oid\":\"" + name + "\"}";
    String payload = encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".x";
  }
}
