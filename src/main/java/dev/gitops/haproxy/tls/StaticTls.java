package dev.gitops.haproxy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The operator's TLS identity from files (typically a mounted Secret: tls.crt, tls.key, ca.crt):
 * a client certificate for mutual TLS and the CA that server certificates must chain to. Without a
 * CA file the JDK's trust store is used. Hostname verification always stays on.
 *
 * @param certificate PEM client certificate chain, or empty for no client certificate
 * @param key PKCS#8 key of that certificate
 * @param ca PEM CA bundle that signs the servers' certificates, or empty for the JDK's
 */
public record StaticTls(Optional<Path> certificate, Optional<Path> key, Optional<Path> ca) {

  public StaticTls {
    Objects.requireNonNull(certificate);
    Objects.requireNonNull(key);
    Objects.requireNonNull(ca);
    if (certificate.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
    }
  }

  public boolean isEmpty() {
    return certificate.isEmpty() && ca.isEmpty();
  }

  /** Changes whenever one of the files is replaced or rewritten, so that clients can be rebuilt. */
  public String version() {
    StringBuilder version = new StringBuilder();
    for (Optional<Path> file : List.of(certificate, key, ca)) {
      file.ifPresent(path -> {
        try {
          version.append(path).append('@').append(Files.getLastModifiedTime(path).toMillis())
              .append('/').append(Files.size(path)).append(';');
        } catch (IOException e) {
          version.append(path).append("@missing;");
        }
      });
    }
    return version.toString();
  }

  public SSLContext sslContext() throws IOException, GeneralSecurityException {
    return sslContext(Optional.empty());
  }

  /** With {@code caBundle} (PEM) trusted instead of the CA file, for a target that has its own CA. */
  public SSLContext sslContext(Optional<String> caBundle) throws IOException, GeneralSecurityException {
    KeyManagerFactory keys = null;
    if (certificate.isPresent()) {
      List<X509Certificate> chain = PemFiles.certificates(certificate.get());
      PrivateKey privateKey = PemFiles.privateKey(key.get());
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", privateKey, new char[0], chain.toArray(X509Certificate[]::new));
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, new char[0]);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caBundle.isPresent() || ca.isPresent()) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate authority : caBundle.isPresent() ? PemFiles.certificates(caBundle.get(), "the target's CA")
          : PemFiles.certificates(ca.get())) {
        store.setCertificateEntry("ca-" + i++, authority);
      }
      trust.init(store);
    } else {
      trust.init((KeyStore) null);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }
}
