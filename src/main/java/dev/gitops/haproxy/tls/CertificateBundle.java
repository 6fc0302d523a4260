package dev.gitops.haproxy.tls;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A PEM file HAProxy can serve with {@code crt}: the server certificate first, its chain, and the
 * private key that belongs to the first certificate. Checked here, before anything is uploaded,
 * because a load balancer that gets a wrong pair fails at its next reload. Messages name the
 * problem, never the key.
 *
 * @param certificates the certificates in file order; the first is the server's
 * @param notAfter when the server certificate expires
 */
public record CertificateBundle(List<X509Certificate> certificates, Instant notAfter) {

  /**
   * Used directly, never registered as a JVM-wide provider: it reads EC keys whose curve is named
   * only inside the SEC1 structure (OpenSSL's and cert-manager's default), which the JDK refuses.
   */
  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  public CertificateBundle {
    certificates = List.copyOf(certificates);
  }

  /**
   * @param origin where the PEM comes from, for messages (e.g. "Secret ns/site-tls")
   * @throws InvalidCertificateException when it is not PEM, lacks a certificate or a key, holds an
   *     encrypted key, or the key does not belong to the first certificate
   */
  public static CertificateBundle parse(byte[] pem, String origin) throws InvalidCertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    List<PrivateKey> keys = new ArrayList<>();
    JcaX509CertificateConverter certificateConverter = new JcaX509CertificateConverter();
    try (Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.UTF_8);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(certificateConverter.getCertificate(holder));
        } else if (object instanceof PEMKeyPair pair) {
          keys.add(privateKey(pair.getPrivateKeyInfo(), origin));
        } else if (object instanceof PrivateKeyInfo info) {
          keys.add(privateKey(info, origin));
        } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new InvalidCertificateException(origin + ": the private key is encrypted; HAProxy needs it in clear");
        }
      }
    } catch (IOException | CertificateException e) {
      throw new InvalidCertificateException(origin + ": not a valid PEM file (" + e.getClass().getSimpleName() + ")");
    }
    if (certificates.isEmpty()) {
      throw new InvalidCertificateException(origin + ": holds no PEM certificate");
    }
    if (keys.isEmpty()) {
      throw new InvalidCertificateException(origin + ": holds no private key; HAProxy needs certificate and key in one "
          + "PEM (a kubernetes.io/tls Secret gives both)");
    }
    X509Certificate server = certificates.get(0);
    if (keys.stream().noneMatch(key -> belongsTo(key, server))) {
      throw new InvalidCertificateException(origin + ": the private key does not belong to the certificate "
          + server.getSubjectX500Principal().getName());
    }
    return new CertificateBundle(certificates, server.getNotAfter().toInstant());
  }

  /** The key of a PKCS#8 structure, whatever PEM encoding it came in (PKCS#1, SEC1, PKCS#8). */
  private static PrivateKey privateKey(PrivateKeyInfo info, String origin) throws InvalidCertificateException {
    try {
      return new JcaPEMKeyConverter().setProvider(BOUNCY_CASTLE).getPrivateKey(info);
    } catch (PEMException e) {
      throw new InvalidCertificateException(origin + ": the private key cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Whether {@code key} made the signature the certificate's public key verifies: true for its own key only. */
  private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return false;
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm, BOUNCY_CASTLE);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, BOUNCY_CASTLE);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
