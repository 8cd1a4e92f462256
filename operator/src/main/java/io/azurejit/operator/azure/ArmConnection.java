package io.azurejit.operator.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How the operator reaches ARM: endpoint, credential, extra CA, timeouts and retries. Builds the
 * {@link ArmJitClient} with azure-core's policies in the order the Azure management SDKs use.
 *
 * @param endpoint ARM endpoint; must be HTTPS, since bearer tokens never travel in clear text
 * @param credential source of ARM tokens
 * @param extraCaFile PEM file of a CA to trust besides the JDK's, or null
 * @param timeout response timeout of one attempt
 * @param maxRetries retries of reads, PUT and delete on throttling, 5xx and lost answers
 * @param retryBaseDelay first backoff delay, doubled each retry; Retry-After wins when given
 * @param userAgent application id in the User-Agent header
 */
public record ArmConnection(
    URI endpoint,
    TokenCredential credential,
    Path extraCaFile,
    Duration timeout,
    int maxRetries,
    Duration retryBaseDelay,
    String userAgent) {

  /** The public Azure cloud's ARM endpoint. */
  public static final URI AZURE_PUBLIC = URI.create("https://management.azure.com");

  public ArmConnection {
    if (!"https".equalsIgnoreCase(endpoint.getScheme())) {
      throw new IllegalArgumentException(
          "the ARM endpoint must use https (bearer tokens are never sent in clear text): "
              + endpoint);
    }
  }

  /** A client over this connection that records ARM metrics in {@code registry}. */
  public ArmJitClient client(MeterRegistry registry) {
    HttpClient http = httpClient();
    var backoff =
        new ExponentialBackoffOptions()
            .setMaxRetries(maxRetries)
            .setBaseDelay(retryBaseDelay)
            .setMaxDelay(retryBaseDelay.multipliedBy(16));
    var retryAll = new RetryOptions(backoff);
    var retryThrottlingOnly =
        new RetryOptions(backoff)
            .setShouldRetryCondition(
                c -> c.getResponse() != null && c.getResponse().getStatusCode() == 429);
    return new ArmJitClient(
        endpoint,
        pipeline(http, new RetryPolicy(retryAll), registry),
        pipeline(http, new RetryPolicy(retryThrottlingOnly), registry));
  }

  private HttpPipeline pipeline(HttpClient http, RetryPolicy retry, MeterRegistry registry) {
    List<HttpPipelinePolicy> policies = new ArrayList<>();
    policies.add(new UserAgentPolicy(userAgent));
    policies.add(new RequestIdPolicy());
    policies.add(retry);
    policies.add(new AddDatePolicy());
    policies.add(new BearerTokenAuthenticationPolicy(credential, tokenScope()));
    policies.add(new ArmMetricsPolicy(registry));
    policies.add(new HttpLoggingPolicy(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.BASIC)));
    return new HttpPipelineBuilder()
        .httpClient(http)
        .policies(policies.toArray(HttpPipelinePolicy[]::new))
        .build();
  }

  /** The token scope for this ARM endpoint, as the management SDKs derive it. */
  public String tokenScope() {
    String base = endpoint.toString().replaceAll("/+$", "");
    return base + "/.default";
  }

  private HttpClient httpClient() {
    SslContext ssl = sslContext();
    var netty = reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl));
    return new NettyAsyncHttpClientBuilder(netty)
        .connectTimeout(Duration.ofSeconds(10))
        .responseTimeout(timeout)
        .readTimeout(timeout)
        .build();
  }

  private SslContext sslContext() {
    try {
      return SslContextBuilder.forClient().trustManager(trustManagers()).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TrustManagerFactory trustManagers() {
    try {
      var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (extraCaFile == null) {
        factory.init((KeyStore) null);
        return factory;
      }
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      var jdkDefaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdkDefaults.init((KeyStore) null);
      int n = 0;
      for (var manager : jdkDefaults.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate ca : x509.getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + n++, ca);
          }
        }
      }
      try (InputStream in = Files.newInputStream(extraCaFile)) {
        for (var ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("extra-" + n++, ca);
        }
      }
      factory.init(store);
      return factory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CA file " + extraCaFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the CA file " + extraCaFile, e);
    }
  }
}
