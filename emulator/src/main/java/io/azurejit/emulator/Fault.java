package io.azurejit.emulator;

/**
 * A fault the emulator injects into matching calls.
 *
 * @param operation {@code list}, {@code get}, {@code put}, {@code delete}, {@code initiate} or
 *     {@code *}
 * @param status HTTP status to answer with, or 0 to answer normally (for latency alone)
 * @param code ARM error code in the envelope; defaults from the status
 * @param message ARM error message in the envelope
 * @param times how many matching calls to affect; 0 means every call
 * @param rate probability in (0, 1] that a matching call is affected
 * @param latencyMillis delay added before answering
 * @param dropConnection close the connection instead of answering
 * @param afterEffect apply the call first, then fail: the client cannot tell whether it happened
 * @param retryAfterSeconds value of a Retry-After header, or 0 for none
 */
public record Fault(
    String operation,
    int status,
    String code,
    String message,
    int times,
    double rate,
    long latencyMillis,
    boolean dropConnection,
    boolean afterEffect,
    int retryAfterSeconds) {

  /** Answers the next {@code times} matching calls with an ARM error. */
  public static Fault error(String operation, int status, String code, int times) {
    return new Fault(operation, status, code, "Injected fault.", times, 1.0, 0, false, false, 0);
  }

  /** Applies the next matching call, then drops the connection before answering. */
  public static Fault dropAfterEffect(String operation, int times) {
    return new Fault(operation, 0, null, null, times, 1.0, 0, true, true, 0);
  }

  /** Delays every matching call. */
  public static Fault latency(String operation, long millis) {
    return new Fault(operation, 0, null, null, 0, 1.0, millis, false, false, 0);
  }

  boolean matches(String name) {
    return operation == null || operation.equals("*") || operation.equalsIgnoreCase(name);
  }

  boolean answersWithError() {
    return status > 0 || dropConnection;
  }

  String effectiveCode() {
    if (code != null) {
      return code;
    }
    return switch (status) {
      case 401 -> "AuthenticationFailed";
      case 403 -> "AuthorizationFailed";
      case 404 -> "ResourceNotFound";
      case 409 -> "Conflict";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      default -> status >= 500 ? "InternalServerError" : "BadRequest";
    };
  }
}
