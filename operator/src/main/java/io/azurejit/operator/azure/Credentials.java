package io.azurejit.operator.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/** The ways the operator authenticates to ARM. Secrets and tokens never reach the logs. */
public final class Credentials {

  private Credentials() {}

  /**
   * {@code DefaultAzureCredential}: workload identity on AKS, managed identity, or a service
   * principal from the {@code AZURE_*} environment variables.
   */
  public static TokenCredential defaultChain() {
    return new DefaultAzureCredentialBuilder().build();
  }

  /** A service principal with a client secret, typically read from a Kubernetes Secret. */
  public static TokenCredential clientSecret(String tenantId, String clientId, String secret) {
    return new ClientSecretCredentialBuilder()
        .tenantId(tenantId)
        .clientId(clientId)
        .clientSecret(secret)
        .build();
  }

  /**
   * A fixed bearer token. Meant for the local emulator, which accepts any token and uses a JWT's
   * identity as the requestor; real Azure tokens expire within an hour, so this is no way to run
   * against Azure.
   */
  public static TokenCredential fixedToken(String token) {
    return new FixedToken(token);
  }

  private record FixedToken(String token) implements TokenCredential {
    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
      return Mono.just(getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
      return new AccessToken(token, OffsetDateTime.now().plusHours(1));
    }

    @Override
    public String toString() {
      return "FixedToken[redacted]";
    }
  }
}
