package dev.gitops.haproxy.tls;

import static dev.gitops.haproxy.tls.TestCertificates.bytes;
import static dev.gitops.haproxy.tls.TestCertificates.keyPair;
import static dev.gitops.haproxy.tls.TestCertificates.pem;
import static dev.gitops.haproxy.tls.TestCertificates.pkcs8;
import static dev.gitops.haproxy.tls.TestCertificates.selfSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CertificateBundleTest {

  private static final Instant NOT_AFTER = Instant.parse("2027-03-01T00:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "EC"})
  void acceptsACertificateWithItsOwnKeyInTheEncodingsSecretsHold(String algorithm) throws Exception {
    KeyPair keys = keyPair(algorithm);
    X509Certificate certificate = selfSigned("site.example", keys, NOT_AFTER);
    X509Certificate ca = selfSigned("ca", keyPair("EC"), NOT_AFTER.plus(300, ChronoUnit.DAYS));

    CertificateBundle traditional = CertificateBundle.parse(bytes(pem(certificate), pem(ca), pem(keys.getPrivate())), "t");
    CertificateBundle pkcs8 = CertificateBundle.parse(bytes(pem(certificate), pkcs8(keys)), "t");

    assertThat(traditional.certificates()).containsExactly(certificate, ca);
    assertThat(traditional.notAfter()).isEqualTo(NOT_AFTER);
    assertThat(pkcs8.notAfter()).isEqualTo(NOT_AFTER);
  }

  @Test
  void refusesAKeyThatBelongsToAnotherCertificate() throws Exception {
    KeyPair keys = keyPair("EC");
    X509Certificate certificate = selfSigned("site.example", keys, NOT_AFTER);
    KeyPair other = keyPair("EC");
    String otherKey = pem(other.getPrivate());

    assertThatThrownBy(() -> CertificateBundle.parse(bytes(pem(certificate), otherKey), "Secret ns/site-tls"))
        .isInstanceOf(InvalidCertificateException.class)
        .hasMessage("Secret ns/site-tls: the private key does not belong to the certificate CN=site.example")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(otherKey.lines().skip(1).findFirst().orElseThrow()));
  }

  @Test
  void refusesWhatIsNotACertificateAndKey() throws Exception {
    KeyPair keys = keyPair("EC");
    X509Certificate certificate = selfSigned("site.example", keys, NOT_AFTER);

    assertThatThrownBy(() -> CertificateBundle.parse(bytes("just some text\n"), "f"))
        .hasMessage("f: holds no PEM certificate");
    assertThatThrownBy(() -> CertificateBundle.parse(bytes(pem(certificate)), "f"))
        .hasMessageStartingWith("f: holds no private key");
    assertThatThrownBy(() -> CertificateBundle.parse(bytes(pem(keys.getPrivate())), "f"))
        .hasMessage("f: holds no PEM certificate");
    assertThatThrownBy(() -> CertificateBundle.parse(
        bytes("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"), "f"))
        .hasMessageStartingWith("f: not a valid PEM file");
  }
}
