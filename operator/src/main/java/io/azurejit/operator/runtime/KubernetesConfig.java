package io.azurejit.operator.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;

/**
 * The Kubernetes client configuration the operator runs with: the usual discovery (in-cluster
 * service account, {@code KUBECONFIG}, {@code ~/.kube/config}), with one correction.
 *
 * <p>fabric8 re-reads its configuration before a request once a minute has passed since it last
 * found a bearer token. When the credentials carry no token at all, as with the client certificates
 * of a kind or local cluster, it never finds one and so parses the kubeconfig again before every
 * request: a fifth of the operator's CPU under load. Such credentials have nothing to refresh, so
 * the configuration is fixed as first read. Tokens (service account, exec plugins, auth providers)
 * keep being refreshed.
 */
final class KubernetesConfig {

  private KubernetesConfig() {}

  static Config discover() {
    return withoutNeedlessRefresh(Config.autoConfigure(null));
  }

  static Config withoutNeedlessRefresh(Config config) {
    if (hasToken(config)) {
      return config;
    }
    // Without automatic configuration and a kubeconfig context to go back to, fabric8's refresh
    // keeps this configuration as it is.
    return new ConfigBuilder(config).withAutoConfigure(false).withCurrentContext(null).build();
  }

  private static boolean hasToken(Config config) {
    return notEmpty(config.getOauthToken())
        || notEmpty(config.getAutoOAuthToken())
        || config.getOauthTokenProvider() != null
        || config.getAuthProvider() != null;
  }

  private static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
