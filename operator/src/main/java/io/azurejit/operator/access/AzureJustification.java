package io.azurejit.operator.access;

import io.azurejit.operator.api.JitAccessRequest;

/**
 * The justification the operator sends to Azure: the user's text, then who asked and a marker with
 * the open's unique token. The marker is how the operator finds its own request in the policy's
 * history after a crash or an initiate whose outcome it could not see.
 */
final class AzureJustification {

  private static final int MAX_USER_TEXT = 300;

  private AzureJustification() {}

  /** The marker that identifies the Azure request of {@code token}. */
  static String marker(String token) {
    return "[azurejit.io/" + token + "]";
  }

  static String of(JitAccessRequest request, String token, String action) {
    String user = request.getSpec().getJustification();
    String text = user == null ? "" : user.strip();
    if (text.length() > MAX_USER_TEXT) {
      text = text.substring(0, MAX_USER_TEXT) + "...";
    }
    String who =
        action
            + " by JitAccessRequest "
            + request.getMetadata().getNamespace()
            + "/"
            + request.getMetadata().getName()
            + " "
            + marker(token);
    return text.isEmpty() ? who : text + " (" + who + ")";
  }
}
