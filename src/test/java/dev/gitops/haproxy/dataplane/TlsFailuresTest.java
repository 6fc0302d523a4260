package dev.gitops.haproxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetUnreachableException;
import java.net.URI;
import javax.net.ssl.SSLHandshakeException;
import dev.gitops.haproxy.pipeline.TargetResult;
import org.junit.jupiter.api.Test;

class TlsFailuresTest {

  private static final URI TARGET = URI.create("https://lb1.example.net:5555/v3");

  private static TargetException classify(String jdkMessage) {
    return TlsFailures.classify(TARGET, new SSLHandshakeException(jdkMessage));
  }

  @Test
  void aRefusedClientCertificateIsAnAuthenticationFailure() {
    assertThat(classify("Received fatal alert: bad_certificate"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("refused the operator's client certificate")
        .hasMessageContaining("--tls-cert, or its SPIRE registration entry");
    assertThat(classify("Received fatal alert: certificate_required")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anExpiredClientCertificatePointsAtSvidRotation() {
    assertThat(classify("Received fatal alert: certificate_expired"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("as expired").hasMessageContaining("rotates the SVID");
  }

  @Test
  void anotherServerSpiffeIdNamesBothIds() {
    assertThat(classify("server presented spiffe://example.org/other, expected spiffe://example.org/haproxy/lb1"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("the Data Plane API at https://lb1.example.net:5555/v3 presented spiffe://example.org/other, "
            + "expected spiffe://example.org/haproxy/lb1 (tls.serverSpiffeID)");
  }

  @Test
  void aServerCertificateWithoutSpiffeIdIsNamedAsSuch() {
    assertThat(classify("Certificate does not contain SPIFFE ID in the URI SAN"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("has no SPIFFE ID");
  }

  @Test
  void anUntrustedServerNamesTheCaSettings() {
    assertThat(classify("PKIX path building failed: unable to find valid certification path to requested target"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("not signed by a trusted CA (--tls-ca, or the target's tls.caSecretRef)");
  }

  @Test
  void aCertificateForAnotherHostNamesTheHost() {
    assertThat(classify("No subject alternative DNS name matching lb1.example.net found."))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("is not valid for lb1.example.net");
  }

  @Test
  void anExpiredServerCertificateIsToldAsExpiredNotAsAnUnknownCa() {
    // What the JDK says of an expired certificate of a trusted CA (seen against a real HAProxy).
    assertThat(classify("PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check "
        + "failed"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("has expired or is not valid yet");
  }

  @Test
  void anythingElseStaysATransientHandshakeFailure() {
    TargetException other = classify("Remote host terminated the handshake");
    assertThat(other).isInstanceOf(TargetUnreachableException.class).hasMessageContaining("TLS handshake with");
    assertThat(TargetResult.Outcome.of(other).isTransient()).isTrue();
  }
}
