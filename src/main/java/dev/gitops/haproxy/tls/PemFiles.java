package dev.gitops.haproxy.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and PKCS#8 private keys, the formats Kubernetes TLS Secrets use. */
public final class PemFiles {

  private static final Pattern PKCS8 = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private PemFiles() {
  }

  public static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      return certificates(in, file.toString());
    }
  }

  /** The certificates of a PEM bundle held in memory, e.g. the ca.crt of a Secret. */
  public static List<X509Certificate> certificates(String pem, String origin) throws CertificateException {
    try (InputStream in = new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return certificates(in, origin);
    } catch (IOException e) {
      throw new CertificateException(origin + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(InputStream in, String origin) throws CertificateException {
    List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
        .map(X509Certificate.class::cast)
        .toList();
    if (certificates.isEmpty()) {
      throw new CertificateException(origin + " holds no PEM certificate");
    }
    return certificates;
  }

  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    Matcher matcher = PKCS8.matcher(pem);
    if (!matcher.find()) {
      throw new InvalidKeySpecException(file + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----); "
          + "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8 "
          + "(cert-manager: privateKey.encoding: PKCS8)");
    }
    byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException wrongAlgorithm) {
        // try the next one
      }
    }
    throw new InvalidKeySpecException(file + ": the private key is neither EC, RSA nor Ed25519");
  }
}
