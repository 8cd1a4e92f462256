package io.azurejit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Who is calling: the identity in the bearer token, if it is a JWT, and the source address Azure
 * would use when a request names none.
 */
record Caller(boolean authenticated, String requestor, String principal, String address) {

  private static final List<String> NAME_CLAIMS =
      List.of("upn", "unique_name", "email", "preferred_username");
  private static final List<String> PRINCIPAL_CLAIMS = List.of("oid", "appid", "azp", "sub");

  static Caller of(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
    String address =
        forwarded != null
            ? forwarded.split(",")[0].strip()
            : exchange.getRemoteAddress().getAddress().getHostAddress();
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Caller(false, "", "anonymous", address);
    }
    JsonNode claims = claims(authorization.substring(7).strip());
    return new Caller(
        true,
        first(claims, NAME_CLAIMS, ""),
        first(claims, PRINCIPAL_CLAIMS, "anonymous"),
        address);
  }

  private static JsonNode claims(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return WireFormat.JSON.createObjectNode();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      return WireFormat.JSON.readTree(new String(payload, StandardCharsets.UTF_8));
    } catch (Exception e) {
      return WireFormat.JSON.createObjectNode();
    }
  }

  private static String first(JsonNode claims, List<String> names, String fallback) {
    return names.stream()
        .filter(claims::hasNonNull)
        .map(name -> claims.get(name).asText())
        .findFirst()
        .orElse(fallback);
  }
}
