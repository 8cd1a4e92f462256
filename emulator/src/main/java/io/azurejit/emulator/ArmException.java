package io.azurejit.emulator;

/**
 * A failure the emulator answers with an ARM error envelope: {@code {"error": {"code", "message",
 * "target"}}} and the given HTTP status.
 */
public class ArmException extends RuntimeException {

  private final int status;
  private final String code;
  private final String target;
  private long retryAfterSeconds;

  public ArmException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ArmException(int status, String code, String message, String target) {
    super(message);
    this.status = status;
    this.code = code;
    this.target = target;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String target() {
    return target;
  }

  /** How long a throttled client should wait, or 0 when the failure is not throttling. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  static ArmException throttled(String message, long retryAfterSeconds) {
    var failure = new ArmException(429, "SubscriptionRequestsThrottled", message);
    failure.retryAfterSeconds = retryAfterSeconds;
    return failure;
  }

  static ArmException badRequest(String message) {
    return new ArmException(400, "BadRequest", message);
  }

  static ArmException invalidContent(String message, String target) {
    return new ArmException(400, "InvalidRequestContent", message, target);
  }
}
