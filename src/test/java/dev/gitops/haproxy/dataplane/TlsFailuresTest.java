package dev.gitops.haproxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsFailuresTest {

  private static final URI TARGET = URI.create("https://lb1.example.net:5555/v3");

  private static DataplaneException classify(String jdkMessage) {
    return TlsFailures.classify(TARGET, new SSLHandshakeException(jdkMessage));
  }

  @Test
  void aRefusedClientCertificateIsAnAuthenticationFailure() {
    assertThat(classify("Received fatal alert: bad_certificate"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("refused the operator's client certificate").hasMessageContaining("--tls-cert");
    assertThat(classify("Received fatal alert: certificate_required")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anUntrustedServerNamesTheCaFlag() {
    assertThat(classify("PKIX path building failed: unable to find valid certification path to requested target"))
        .isInstanceOf(TargetUnreachableException.class)
        .hasMessageContaining("not signed by a trusted CA (--tls-ca)");
  }

  @Test
  void aCertificateForAnotherHostNamesTheHost() {
    assertThat(classify("No subject alternative DNS name matching lb1.example.net found."))
        .isInstanceOf(TargetUnreachableException.class)
        .hasMessageContaining("is not valid for lb1.example.net");
  }

  @Test
  void anythingElseStaysATransientHandshakeFailure() {
    DataplaneException other = classify("Remote host terminated the handshake");
    assertThat(other).isInstanceOf(TargetUnreachableException.class).hasMessageContaining("TLS handshake with");
    assertThat(other.isTransient()).isTrue();
  }
}
