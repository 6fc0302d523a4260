package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.tls.ServerTrust;
import dev.gitops.haproxy.tls.StaticTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's static client certificate against a real HAProxy that terminates mutual TLS
 * ({@code verify required}), as a Data Plane API behind HAProxy or with its own tls_ca would: a
 * certificate of the trusted CA is accepted, and one that has expired is refused by the server and
 * reported as exactly that, an authentication failure naming the expiry, not a transient error.
 * Needs no Data Plane API: the handshake is all this tests.
 */
class ClientCertificateIT {

  @TempDir
  static Path directory;
  private static TestPki pki;
  private static StandaloneHAProxy haproxy;
  private static int port;
  /** Where the same HAProxy presents a server certificate that has expired. */
  private static int expiredServerPort;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(directory).ca("ca").leaf("server", "ca", "127.0.0.1").leaf("operator", "ca", null)
        .expired("expired-operator", "ca", null).expired("expired-server", "ca", "127.0.0.1")
        .ca("other-ca").leaf("stranger", "other-ca", null);
    Path serverPem = Files.writeString(directory.resolve("server.pem"),
        Files.readString(pki.file("server.crt")) + Files.readString(pki.file("server.key")));
    Path expiredServerPem = Files.writeString(directory.resolve("expired-server.pem"),
        Files.readString(pki.file("expired-server.crt")) + Files.readString(pki.file("expired-server.key")));
    port = DataplaneRig.freePort();
    expiredServerPort = DataplaneRig.freePort();
    haproxy = StandaloneHAProxy.start(directory, List.of(
        "frontend mtls",
        "  bind 127.0.0.1:" + port + " ssl crt " + serverPem + " ca-file " + pki.file("ca.crt") + " verify required",
        "  http-request return status 200 content-type text/plain lf-string \"%[ssl_c_s_dn(cn)]\"",
        "frontend expired",
        "  bind 127.0.0.1:" + expiredServerPort + " ssl crt " + expiredServerPem,
        "  http-request return status 200"),
        port, expiredServerPort);
  }

  @AfterAll
  static void stop() {
    if (haproxy != null) {
      haproxy.close();
    }
  }

  private static URI url() {
    return URI.create("https://127.0.0.1:" + port + "/v3");
  }

  private static StaticTls client(String name) {
    return new StaticTls(Optional.of(pki.file(name + ".crt")), Optional.of(pki.file(name + ".key")),
        Optional.of(pki.file("ca.crt")));
  }

  /** How the operator's client, presenting {@code identity}, fails against {@code server}. */
  private static TargetException failureOf(StaticTls identity, URI server) {
    return OperatorTestSupport.callFailure(new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, identity), server,
        ServerTrust.OPERATOR_WIDE);
  }

  @Test
  void aClientCertificateOfTheTrustedCaIsAccepted() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(client("operator").sslContext(ServerTrust.OPERATOR_WIDE))
        .build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(url()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("operator");
  }

  @Test
  void anExpiredClientCertificateIsRefusedByTheServerAndReportedAsExpired() {
    assertThat(failureOf(client("expired-operator"), url())).isInstanceOf(AuthenticationException.class)
        .hasMessageStartingWith("the Data Plane API at " + url() + " refused the operator's client certificate as "
            + "expired");
  }

  @Test
  void aClientCertificateOfAnotherCaOrNoneIsRefusedInTheHandshakeNotTakenForAnOutage() {
    StaticTls stranger = new StaticTls(Optional.of(pki.file("stranger.crt")), Optional.of(pki.file("stranger.key")),
        Optional.of(pki.file("ca.crt")));
    StaticTls anonymous = new StaticTls(Optional.empty(), Optional.empty(), Optional.of(pki.file("ca.crt")));

    for (StaticTls identity : List.of(stranger, anonymous)) {
      // In TLS 1.3 the server judges the client's certificate after the handshake: its alert is
      // read when it arrives before the close, and otherwise the close comes without an answer.
      // Either way the message points at the client certificate, never at an outage.
      assertThat(failureOf(identity, url())).as(identity.certificate().isPresent() ? "another CA's certificate" : "none")
          .isInstanceOfAny(AuthenticationException.class, TargetUnreachableException.class)
          .message().containsPattern("refused the operator's client certificate|closed without an answer: if the Data "
              + "Plane API requires client certificates, check that --tls-cert is signed by its tls_ca");
    }
  }

  @Test
  void aServerWhoseCertificateHasExpiredIsRefusedAndReportedAsSuch() {
    URI expired = URI.create("https://127.0.0.1:" + expiredServerPort + "/v3");

    assertThat(failureOf(client("operator"), expired)).isInstanceOf(AuthenticationException.class)
        .hasMessageStartingWith("the certificate of " + expired + " has expired or is not valid yet");
  }
}
