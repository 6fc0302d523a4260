package dev.gitops.haproxy.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The JDK's PKIX trust managers (which also check the host name) over a given set of CAs. */
public final class TrustManagers {

  private TrustManagers() {
  }

  /**
   * For a server checked by CA and host name: its own CA bundle if it has one, else the
   * operator-wide CA file if there is one, else the JDK's CAs.
   */
  static TrustManager[] pkix(ServerTrust server, Optional<Path> operatorCa) throws IOException,
      GeneralSecurityException {
    if (server.caBundle().isPresent()) {
      return trusting(PemFiles.certificates(server.caBundle().get(), "the target's CA"));
    }
    if (operatorCa.isPresent()) {
      return trusting(PemFiles.certificates(operatorCa.get()));
    }
    return jdkDefault();
  }

  /** Trust managers that accept no server at all: for trust settings that cannot be used. */
  public static TrustManager[] trustingNoServer() throws IOException, GeneralSecurityException {
    return trusting(List.of());
  }

  private static TrustManager[] trusting(List<X509Certificate> authorities) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (X509Certificate authority : authorities) {
      store.setCertificateEntry("ca-" + i++, authority);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static TrustManager[] jdkDefault() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    return factory.getTrustManagers();
  }
}
