package io.azurejit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesConfigTest {

  private static final String KUBECONFIG_PROPERTY = "kubeconfig";

  @TempDir Path dir;

  @AfterEach
  void forgetKubeconfig() {
    System.clearProperty(KUBECONFIG_PROPERTY);
  }

  @Test
  void clientCertificateCredentialsAreReadOnceNotBeforeEveryRequest() throws IOException {
    useKubeconfig(
        """
            client-certificate: %s
            client-key: %s
        """
            .formatted(dir.resolve("admin.crt"), dir.resolve("admin.key")));

    Config config = KubernetesConfig.discover();

    assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
    assertThat(config.getClientCertFile()).endsWith("admin.crt");
    assertThat(config.refresh()).as("refreshing reads nothing again").isSameAs(config);
    assertThat(Config.autoConfigure(null).refresh())
        .as("fabric8's own discovery parses the kubeconfig again on each refresh")
        .isNotSameAs(config);
  }

  @Test
  void tokenCredentialsKeepBeingRefreshed() throws IOException {
    useKubeconfig("    token: first-token\n");

    Config config = KubernetesConfig.discover();

    assertThat(config.getAutoConfigure()).isTrue();
    assertThat(config.getAutoOAuthToken()).isEqualTo("first-token");
  }

  private void useKubeconfig(String user) throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: admin
          user:
        %s\
        contexts:
        - name: local
          context:
            cluster: local
            user: admin
        current-context: local
        """
            .formatted(user));
    System.setProperty(KUBECONFIG_PROPERTY, kubeconfig.toString());
  }
}
