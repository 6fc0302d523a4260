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

/**
 * The operator's TLS identity from files (typically a mounted Secret: tls.crt, tls.key, ca.crt):
 * a client certificate for mutual TLS and the CA that server certificates must chain to. Without a
 * CA file the JDK's trust store is used. Hostname verification always stays on.
 *
 * @param certificate PEM client certificate chain, or empty for no client certificate
 * @param key PKCS#8 key of that certificate
 * @param ca PEM CA bundle that signs the servers' certificates, or empty for the JDK's
 */
public record StaticTls(Optional<Path> certificate, Optional<Path> key, Optional<Path> ca)
    implements TransportSecurity {

  public StaticTls {
    Objects.requireNonNull(certificate);
    Objects.requireNonNull(key);
    Objects.requireNonNull(ca);
    if (certificate.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
    }
  }

  /** No client certificate, and the JDK's CAs: what an https:// URL gets without any TLS flag. */
  public static StaticTls none() {
    return new StaticTls(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Changes whenever one of the files is replaced or rewritten. */
  @Override
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

  @Override
  public SSLContext sslContext(ServerTrust server) throws IOException, GeneralSecurityException {
    if (server.spiffeId().isPresent()) {
      throw new GeneralSecurityException("a server SPIFFE ID (" + server.spiffeId().get()
          + ") can only be verified in SPIFFE mode (--spire-socket)");
    }
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
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), TrustManagers.pkix(server, ca), null);
    return context;
  }
}
