package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.tls.SpiffeTls;
import dev.gitops.haproxy.tls.SpiffeUnavailableException;
import dev.gitops.haproxy.tls.StaticTls;
import dev.gitops.haproxy.tls.TransportSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The operator's TLS identity towards the Data Plane API: a SPIFFE SVID from the SPIRE agent, or a
 * static client certificate and CA from files.
 */
final class TlsOptions {

  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--spire-socket", defaultValue = "${env:SPIRE_AGENT_SOCKET}",
      description = "SPIRE agent Workload API socket, a path or unix:///path (env SPIRE_AGENT_SOCKET): enables "
          + "SPIFFE mTLS; the operator's identity is its X.509 SVID. Excludes --tls-cert, --tls-key and --tls-ca.")
  String spireSocket;

  @Option(names = "--spire-timeout", defaultValue = "${env:SPIRE_TIMEOUT:-30s}", converter = DurationConverter.class,
      description = "How long to wait at start for the first SVID before giving up (env SPIRE_TIMEOUT; "
          + "default ${DEFAULT-VALUE}).")
  Duration spireTimeout;

  @Option(names = "--tls-cert", defaultValue = "${env:TLS_CERT}",
      description = "PEM client certificate for mutual TLS (env TLS_CERT), e.g. tls.crt of haproxy-operator-tls.")
  Path certificate;

  @Option(names = "--tls-key", defaultValue = "${env:TLS_KEY}",
      description = "PKCS#8 PEM key of --tls-cert (env TLS_KEY).")
  Path key;

  @Option(names = "--tls-ca", defaultValue = "${env:TLS_CA}",
      description = "PEM CA bundle that signs the Data Plane APIs' certificates (env TLS_CA); default: the JDK's.")
  Path ca;

  boolean spiffeMode() {
    return spireSocket != null && !spireSocket.isBlank();
  }

  /**
   * The identity the flags describe. Usage errors name the flag at fault.
   *
   * @throws SpiffeUnavailableException when SPIFFE mode is asked for and the agent gives no SVID
   */
  TransportSecurity security() throws SpiffeUnavailableException {
    if (spiffeMode()) {
      if (certificate != null || key != null || ca != null) {
        throw usage("--spire-socket takes the identity and the trust bundle from SPIRE: drop --tls-cert, --tls-key "
            + "and --tls-ca (a target outside SPIRE names its CA with tls.caSecretRef)");
      }
      return SpiffeTls.connect(spireSocket.trim(), spireTimeout);
    }
    if ((certificate == null) != (key == null)) {
      throw usage(certificate == null ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
    }
    return new StaticTls(readable("--tls-cert", certificate), readable("--tls-key", key), readable("--tls-ca", ca));
  }

  private Optional<Path> readable(String flag, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw usage(flag + ": cannot read " + file);
    }
    return Optional.ofNullable(file);
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
