package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.SpireRig.LB1;
import static dev.gitops.haproxy.it.SpireRig.OPERATOR;
import static dev.gitops.haproxy.it.SpireRig.SHORT_SVID_TTL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.tls.ServerTrust;
import dev.gitops.haproxy.tls.SpiffeTls;
import dev.gitops.haproxy.tls.SpiffeUnavailableException;
import dev.gitops.haproxy.tls.StaticTls;
import io.spiffe.spiffeid.SpiffeId;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPIFFE mode's transport against real SPIRE: the operator side (this JVM) takes its SVID from a
 * real SPIRE agent through java-spiffe; the server side is a real HAProxy terminating mutual TLS
 * with the SVID and trust bundle spiffe-helper writes, and echoing the serial number of the client
 * certificate each connection presented. The full operator over SPIFFE against the Data Plane API
 * is in {@link SpiffeMtlsIT}.
 */
class SpiffeTlsIT {


  @TempDir
  static Path directory;
  private static SpireRig spire;
  private static StandaloneHAProxy haproxy;
  private static int port;
  private static SpiffeTls operator;

  @BeforeAll
  static void start() throws Exception {
    spire = SpireRig.start();
    spire.register(OPERATOR.toString(), SpireRig.thisJvm(), SHORT_SVID_TTL);
    SpireRig.ServerSvid server = spire.serverSvid(LB1.toString(), directory.resolve("lb1"));
    port = DataplaneRig.freePort();
    haproxy = StandaloneHAProxy.start(directory, List.of(
        "frontend mtls",
        // One TLS connection per request, so that every request shows the SVID presented right then.
        "  option httpclose",
        "  bind 127.0.0.1:" + port + " ssl crt " + server.certificate() + " ca-file " + server.bundle()
            + " verify required",
        "  http-request return status 200 content-type text/plain lf-string \"%[ssl_c_serial,hex] %[ssl_fc_is_resumed]\""),
        port);
    operator = SpiffeTls.connect(spire.socket(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (haproxy != null) {
      haproxy.close();
    }
    if (spire != null) {
      spire.close();
    }
  }

  private static URI url() {
    return URI.create("https://127.0.0.1:" + port + "/v3");
  }

  /** What HAProxy saw on a new connection: the client certificate's serial, and whether TLS resumed a session. */
  private record Presented(BigInteger serial, boolean resumed) {
  }

  private static Presented presented(SSLContext context) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(url()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String[] fields = response.body().trim().split(" ");
    return new Presented(new BigInteger(fields[0], 16), "1".equals(fields[1]));
  }

  private static BigInteger presentedSerial(SSLContext context) throws IOException, InterruptedException {
    return presented(context).serial();
  }

  /**
   * The TLS alert the server ends a connection from {@code context} with; fails if it accepts the
   * client instead (HAProxy then waits for a request and closes after its client timeout).
   */
  private static String refusalOf(SSLContext context) throws IOException {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      socket.startHandshake();
      // In TLS 1.3 the server judges the client's certificate after the handshake, and says so then.
      int first = socket.getInputStream().read();
      throw new AssertionError("the server accepted the client (then read " + first + ")");
    } catch (SSLException refused) {
      return refused.getMessage();
    }
  }

  @Test
  void theOperatorsIdentityIsItsSvidFromTheAgent() {
    assertThat(operator.spiffeId()).isEqualTo(OPERATOR);
    assertThat(operator.verifiesSpiffeIds()).isTrue();
  }

  /** The SVID serial HAProxy saw on a new connection, with the agent not rotating in between. */
  private static BigInteger presentedCurrentSvid(SSLContext context) throws IOException, InterruptedException {
    while (true) {
      BigInteger before = operator.svid().getLeaf().getSerialNumber();
      BigInteger presented = presentedSerial(context);
      if (before.equals(operator.svid().getLeaf().getSerialNumber())) {
        assertThat(presented).isEqualTo(before);
        return presented;
      }
    }
  }

  @Test
  void theServerWithTheExpectedSpiffeIdAcceptsTheOperatorsSvid() throws Exception {
    presentedCurrentSvid(operator.sslContext(ServerTrust.spiffeId(LB1)));
  }

  @Test
  void aServerPresentingAnotherSpiffeIdIsRefusedWithBothIds() {
    SpiffeId expected = SpiffeId.parse("spiffe://" + SpireRig.TRUST_DOMAIN + "/haproxy/lb2");
    DataplaneClientFactory factory = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, operator);

    assertThat(OperatorTestSupport.callFailure(factory, url(), ServerTrust.spiffeId(expected)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("the Data Plane API at " + url() + " presented " + LB1 + ", expected " + expected
            + " (tls.serverSpiffeID)");
  }

  @Test
  void withoutASpiffeIdTheServerMustChainToAKnownCaAndHostName() {
    DataplaneClientFactory factory = new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, operator);

    // SVIDs do not chain to the JDK's CAs: the server is refused, never accepted unverified.
    assertThat(OperatorTestSupport.callFailure(factory, url(), ServerTrust.OPERATOR_WIDE))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("not signed by a trusted CA");
  }

  @Test
  void aClientWithoutAnSvidIsRefusedByTheServer() throws Exception {
    TestPki pki = new TestPki(Files.createDirectories(directory.resolve("pki"))).ca("other-ca")
        .leaf("stranger", "other-ca", null);
    Path bundle = directory.resolve("lb1").resolve("bundle.pem");
    // Trusts the server through the SPIRE bundle, but presents a certificate SPIRE never issued.
    StaticTls stranger = new StaticTls(Optional.of(pki.file("stranger.crt")), Optional.of(pki.file("stranger.key")),
        Optional.of(bundle));
    StaticTls anonymous = new StaticTls(Optional.empty(), Optional.empty(), Optional.of(bundle));

    for (StaticTls client : new StaticTls[] {stranger, anonymous}) {
      // The client checks no host name here (a SVID names none), so that what fails is the
      // server's verdict on the client: its TLS alert, not a refused connection or a timeout.
      assertThat(refusalOf(client.sslContext(ServerTrust.OPERATOR_WIDE)))
          .as("a client presenting %s", client.certificate().isPresent() ? "a foreign certificate" : "nothing")
          .containsPattern("Received fatal alert: (certificate_required|unknown_ca|bad_certificate|certificate_unknown"
              + "|handshake_failure)");
    }
  }

  @Test
  void aRotatedSvidIsPresentedOnNewConnectionsWithoutARestart() throws Exception {
    SSLContext before = operator.sslContext(ServerTrust.spiffeId(LB1));
    Instant firstExpires = operator.svid().getLeaf().getNotAfter().toInstant();
    String firstVersion = operator.version();
    BigInteger first = presentedCurrentSvid(before);

    // Wait until the agent has rotated the SVID and the first one has expired.
    await().atMost(SHORT_SVID_TTL.multipliedBy(3)).pollInterval(Duration.ofMillis(500))
        .until(() -> !operator.svid().getLeaf().getSerialNumber().equals(first)
            && Instant.now().isAfter(firstExpires.plusSeconds(1)));
    assertThat(operator.version()).as("the identity version that makes clients rebuild").isNotEqualTo(firstVersion);

    // Why clients are rebuilt on rotation: a context made before it resumes its TLS session, and
    // the session still carries the first, expired, SVID.
    Presented resumed = presented(before);
    assertThat(resumed.resumed()).isTrue();
    assertThat(resumed.serial()).isEqualTo(first);

    // A context made after the rotation (what DataplaneClientFactory builds when the version
    // changes) presents the new SVID, and HAProxy (verify required) accepts it.
    SSLContext after = operator.sslContext(ServerTrust.spiffeId(LB1));
    assertThat(presented(after).resumed()).isFalse();
    assertThat(presentedCurrentSvid(after)).isNotEqualTo(first);
  }

  @Test
  @Timeout(30) // without an init timeout, java-spiffe would wait for the agent forever
  void aMissingAgentIsAClearErrorNotAHang() {
    String socket = directory.resolve("no-agent.sock").toString();

    assertThatThrownBy(() -> SpiffeTls.connect(socket, Duration.ofSeconds(1)))
        .isInstanceOf(SpiffeUnavailableException.class)
        .hasMessageStartingWith("no SVID from the SPIRE agent at unix://" + socket + " within 1s");
  }
}
