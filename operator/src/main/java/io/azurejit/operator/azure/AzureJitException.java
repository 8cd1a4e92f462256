package io.azurejit.operator.azure;

/**
 * Azure refused or could not answer a JIT call. Carries the ARM error code and message from the
 * error envelope, and the HTTP status (0 when no response arrived).
 */
public class AzureJitException extends RuntimeException {

  private final int statusCode;
  private final String code;

  public AzureJitException(int statusCode, String code, String message, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.code = code;
  }

  /** HTTP status of the answer, or 0 when the call got no answer. */
  public int statusCode() {
    return statusCode;
  }

  /** ARM error code such as {@code AuthorizationFailed}, or null when Azure gave none. */
  public String code() {
    return code;
  }

  /** Whether trying the same call again later may succeed: throttling, 5xx, or no answer. */
  public boolean isTransient() {
    return statusCode == 0 || statusCode == 408 || statusCode == 429 || statusCode >= 500;
  }

  /** The text to show a person: the ARM code and Azure's own message. */
  public String describe() {
    String status = statusCode == 0 ? "no answer" : "HTTP " + statusCode;
    return (code == null ? status : code + " (" + status + ")") + ": " + getMessage();
  }
}
