package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.SpireRig.LB1;
import static dev.gitops.haproxy.it.SpireRig.OPERATOR;
import static dev.gitops.haproxy.it.SpireRig.SHORT_SVID_TTL;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.model.TargetTls;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.tls.ServerTrust;
import dev.gitops.haproxy.tls.SpiffeTls;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator in SPIFFE mode against a real Data Plane API that serves HTTPS with the SVID
 * spiffe-helper writes and verifies client certificates against the SPIRE trust bundle; SPIRE
 * server and agent are real, all on 127.0.0.1.
 */
class SpiffeMtlsIT {


  @TempDir
  static Path directory;
  private static SpireRig spire;
  private static DataplaneRig rig;
  private static SpireRig.ServerSvid server;

  @BeforeAll
  static void start() throws Exception {
    if (!DataplaneRig.available()) {
      return;
    }
    spire = SpireRig.start();
    spire.register(OPERATOR.toString(), SpireRig.thisJvm(), SHORT_SVID_TTL);
    server = spire.serverSvid(LB1.toString(), directory.resolve("lb1"));
    rig = DataplaneRig.startTls(server.certificate(), server.key(), server.bundle());
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
    if (spire != null) {
      spire.close();
    }
  }

  @BeforeEach
  void requireDataplaneApi() {
    DataplaneRig.assumeAvailable();
  }

  private static Target lb1Expecting(String spiffeId) {
    Target target = new Target("lb1", rig.url(), null);
    target.setTls(TargetTls.serverSpiffeID(spiffeId));
    return target;
  }

  @Test
  void appliesOverSpiffeMtlsAndKeepsApplyingAcrossSvidRotations() throws Exception {
    TestKubernetes kube = TestKubernetes.get();
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("spiffe");
    int port = DataplaneRig.freePort();
    String first = config(port, "over-spiffe-1");
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", first);
    try (SpiffeTls identity = SpiffeTls.connect(spire.socket(), Duration.ofSeconds(30));
        HAProxyOperator operator = HAProxyOperator.start(kube.client(), HAProxyOperator.Settings
            .defaults(Set.of(namespace)).withAllowedTargetHosts(OperatorTestSupport.LOOPBACK)
            .withClients(new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, identity)))) {
      assertThat(identity.spiffeId()).isEqualTo(OPERATOR);
      support.haproxyConfig(namespace, "edge", "edge-cfg", lb1Expecting(LB1.toString()));
      HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(first)));
      assertThat(rig.get(port, "/")).isEqualTo("over-spiffe-1");
      assertThat(status.target("lb1").orElseThrow().insecure()).isNull();

      // The agent rotates the operator's SVID; once the first one has expired, a new config
      // still goes live: the Data Plane API accepts only valid client certificates.
      BigInteger firstSerial = identity.svid().getLeaf().getSerialNumber();
      Instant firstExpires = identity.svid().getLeaf().getNotAfter().toInstant();
      await().atMost(SHORT_SVID_TTL.multipliedBy(3)).pollInterval(Duration.ofMillis(500))
          .until(() -> !identity.svid().getLeaf().getSerialNumber().equals(firstSerial)
              && Instant.now().isAfter(firstExpires.plusSeconds(1)));
      String second = config(port, "over-spiffe-2");
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", second);

      support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(second)));
      assertThat(rig.get(port, "/")).isEqualTo("over-spiffe-2");
      support.deleteAll(namespace);
    }
  }

  @Test
  void aServerPresentingAnotherSpiffeIdIsRefusedAndReported() throws Exception {
    TestKubernetes kube = TestKubernetes.get();
    OperatorTestSupport support = new OperatorTestSupport(kube.client());
    String namespace = support.namespace("spiffe-wrong");
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config(DataplaneRig.freePort(), "never"));
    long versionBefore = configurationVersion();
    String expected = "spiffe://" + SpireRig.TRUST_DOMAIN + "/haproxy/lb2";
    try (SpiffeTls identity = SpiffeTls.connect(spire.socket(), Duration.ofSeconds(30));
        HAProxyOperator operator = HAProxyOperator.start(kube.client(), HAProxyOperator.Settings
            .defaults(Set.of(namespace)).withAllowedTargetHosts(OperatorTestSupport.LOOPBACK)
            .withClients(new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, identity)))) {
      support.haproxyConfig(namespace, "edge", "edge-cfg", lb1Expecting(expected));

      HAProxyConfigStatus status = support.awaitStatus(namespace, "edge",
          s -> s.target("lb1").map(t -> "AuthFailed".equals(t.reason())).orElse(false));
      TargetStatus lb1 = status.target("lb1").orElseThrow();
      assertThat(lb1.state()).isEqualTo(TargetState.Unreachable);
      assertThat(lb1.message()).contains("presented " + LB1 + ", expected " + expected + " (tls.serverSpiffeID)");
      assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(support.events(namespace, "HAProxyConfig", "edge", "AuthFailed")).isNotEmpty();
      support.deleteAll(namespace);
    }
    assertThat(configurationVersion()).as("nothing was written to the load balancer").isEqualTo(versionBefore);
  }

  @Test
  void aClientWithoutAnSvidIsRefusedByTheDataplaneApi() throws Exception {
    TestPki pki = new TestPki(Files.createDirectories(directory.resolve("pki"))).ca("other-ca")
        .leaf("stranger", "other-ca", null);
    URI api = URI.create(rig.url());
    String request = "GET /v3/services/haproxy/configuration/version HTTP/1.0\r\n\r\n";
    // openssl as the foreign client: it trusts lb1 through the SPIRE bundle, then presents a
    // certificate SPIRE never issued, or none.
    for (String[] identity : new String[][] {{"-cert", pki.file("stranger.crt").toString(), "-key",
        pki.file("stranger.key").toString()}, {}}) {
      java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client", "-quiet",
          "-connect", api.getHost() + ":" + api.getPort(), "-CAfile", server.bundle().toString(),
          "-verify_return_error"));
      command.addAll(java.util.List.of(identity));
      Commands.Result result = Commands.run(command, request);

      assertThat(result.output()).as("client presenting %s", identity.length == 0 ? "nothing" : "a foreign certificate")
          .doesNotContain("HTTP/1.1 200").containsPattern("alert (bad certificate|certificate required|unknown ca)");
    }
  }

  /** The configuration version, read over SPIFFE mTLS by the test itself, independent of the operator. */
  private static long configurationVersion() throws Exception {
    try (SpiffeTls identity = SpiffeTls.connect(spire.socket(), Duration.ofSeconds(30))) {
      return new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, identity)
          .clientFor(new DataplaneEndpoint(URI.create(rig.url()), Optional.empty(), ServerTrust.spiffeId(LB1)))
          .configurationVersion();
    }
  }
}
