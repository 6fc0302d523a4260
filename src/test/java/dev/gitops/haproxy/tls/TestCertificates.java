package dev.gitops.haproxy.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates and keys for unit tests, in the PEM encodings Secrets hold. */
public final class TestCertificates {

  private TestCertificates() {
  }

  /** BouncyCastle's keys: their SEC1 encoding names the curve, as OpenSSL's does (the JDK's leaves it out). */
  public static KeyPair keyPair(String algorithm) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider());
    generator.initialize("RSA".equals(algorithm) ? 2048 : 256);
    return generator.generateKeyPair();
  }

  public static X509Certificate selfSigned(String commonName, KeyPair keys, Instant notAfter) throws Exception {
    X500Name name = new X500Name("CN=" + commonName);
    String signature = "RSA".equals(keys.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(System.nanoTime()), Date.from(notAfter.minus(Duration.ofDays(30))), Date.from(notAfter),
        name, keys.getPublic()).build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
  }

  /** PEM as OpenSSL writes it: PKCS#1 for RSA keys, SEC1 for EC keys (cert-manager's default). */
  public static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /** The key as PKCS#8 (BEGIN PRIVATE KEY). */
  public static String pkcs8(KeyPair keys) throws Exception {
    return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
  }

  public static byte[] bytes(String... pems) {
    return String.join("", pems).getBytes(StandardCharsets.UTF_8);
  }
}
