package io.azurejit.emulator;

/**
 * A failure the emulator answers with an ARM error envelope: {@code {"error": {"code", "message",
 * "target"}}} and the given HTTP status.
 */
public class ArmException extends RuntimeException {

  private final int status;
  private final String code;
  private final String target;

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

  static ArmException badRequest(String message) {
    return new ArmException(400, "BadRequest", message);
  }

  static ArmException invalidContent(String message, String target) {
    return new ArmException(400, "InvalidRequestContent", message, target);
  }
}
