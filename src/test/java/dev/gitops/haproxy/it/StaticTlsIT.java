package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.dataplane.DataplaneClient;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetTls;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.tls.StaticTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static TLS towards a real Data Plane API that serves HTTPS only and requires client
 * certificates (certificates made by openssl for the test).
 */
class StaticTlsIT {

  @TempDir
  static Path directory;
  private static TestPki pki;
  private static DataplaneRig rig;

  @BeforeAll
  static void start() throws IOException {
    if (!DataplaneRig.available()) {
      return;
    }
    pki = new TestPki(directory).ca("ca").ca("other-ca")
        .leaf("server", "ca", "127.0.0.1")
        .leaf("operator", "ca", null)
        .leaf("stranger", "other-ca", null);
    rig = DataplaneRig.startTls(pki.file("server.crt"), pki.file("server.key"), pki.file("ca.crt"));
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @BeforeEach
  void requireDataplaneApi() {
    DataplaneRig.assumeAvailable();
  }

  private static StaticTls tls(String client, String ca) {
    return new StaticTls(Optional.of(pki.file(client + ".crt")), Optional.of(pki.file(client + ".key")),
        Optional.of(pki.file(ca + ".crt")));
  }

  private static DataplaneClient client(DataplaneClientFactory factory) {
    return factory.clientFor(new DataplaneEndpoint(URI.create(rig.url()), Optional.empty()));
  }

  /**
   * Runs the operator in-process with {@code operatorTls} on an HAProxyConfig whose one target is
   * the TLS rig, and returns its status once {@code body} is live through HAProxy.
   */
  private static HAProxyConfigStatus liveThroughOperator(String body, StaticTls operatorTls, Target target,
      Map<String, String> extraSecrets) throws Exception {
    TestKubernetes kube = TestKubernetes.get();
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("tls");
    int port = DataplaneRig.freePort();
    String content = config(port, body);
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", content);
    for (Map.Entry<String, String> secret : extraSecrets.entrySet()) {
      support.configSecret(namespace, secret.getKey(), "ca.crt", secret.getValue());
    }
    try (HAProxyOperator operator = HAProxyOperator.start(kube.client(), HAProxyOperator.Settings.defaults(Set.of(namespace))
        .withAllowedTargetHosts(OperatorTestSupport.LOOPBACK)
        .withClients(new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, operatorTls)))) {
      support.haproxyConfig(namespace, "edge", "edge-cfg", target);
      HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(content)));
      assertThat(rig.get(port, "/")).isEqualTo(body);
      support.deleteAll(namespace);
      return status;
    }
  }

  @Test
  void theOperatorAppliesOverMutualTls() throws Exception {
    HAProxyConfigStatus status = liveThroughOperator("over-mtls", tls("operator", "ca"),
        new Target("lb1", rig.url(), null), Map.of());

    assertThat(status.target("lb1").orElseThrow().insecure()).isNull();
  }

  @Test
  void aTargetsOwnCaSecretReplacesTheOperatorsCa() throws Exception {
    // The operator-wide CA is the wrong one; the target's own CA Secret is right.
    Target target = new Target("lb1", rig.url(), null);
    target.setTls(new TargetTls(new LocalObjectReference("lb1-ca")));

    HAProxyConfigStatus status = liveThroughOperator("trusted-by-target-ca", tls("operator", "other-ca"), target,
        Map.of("lb1-ca", Files.readString(pki.file("ca.crt"))));

    assertThat(status.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Applied);
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused() {
    DataplaneClient client = client(new DataplaneClientFactory(DataplaneTimeouts.DEFAULT,
        tls("operator", "other-ca")));

    assertThatThrownBy(client::configurationVersion)
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("not signed by a trusted CA (--tls-ca, or the target's tls.caSecretRef)");
  }

  @Test
  void aClientCertificateTheServerDoesNotTrustIsRefused() {
    DataplaneClient client = client(new DataplaneClientFactory(DataplaneTimeouts.DEFAULT,
        tls("stranger", "ca")));

    // TLS 1.3 checks the client certificate after the handshake: the refusal arrives either as
    // an alert (AuthFailed) or as a connection closed before any answer (TargetUnreachable).
    assertThatThrownBy(client::configurationVersion)
        .isInstanceOfAny(AuthenticationException.class, TargetUnreachableException.class)
        .hasMessageContaining("client certificate");
  }

  @Test
  void renewedFilesAreUsedWithoutARestart() throws Exception {
    Path mounted = Files.createDirectories(directory.resolve("mounted"));
    Files.copy(pki.file("operator.crt"), mounted.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pki.file("operator.key"), mounted.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pki.file("ca.crt"), mounted.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    DataplaneClientFactory factory = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, new StaticTls(
        Optional.of(mounted.resolve("tls.crt")), Optional.of(mounted.resolve("tls.key")),
        Optional.of(mounted.resolve("ca.crt"))));
    long before = client(factory).configurationVersion();

    // The Secret is "renewed" with a certificate the server does not trust: new clients use it.
    Thread.sleep(10);
    Files.copy(pki.file("stranger.crt"), mounted.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pki.file("stranger.key"), mounted.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> client(factory).configurationVersion())
        .isInstanceOfAny(AuthenticationException.class, TargetUnreachableException.class)
        .hasMessageContaining("client certificate");

    Thread.sleep(10);
    Files.copy(pki.file("operator.crt"), mounted.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pki.file("operator.key"), mounted.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    assertThat(client(factory).configurationVersion()).isEqualTo(before);
  }
}
