package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.tls.StaticTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Static TLS towards the Data Plane API: the operator's client certificate and the servers' CA. */
final class TlsOptions {

  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--tls-cert", defaultValue = "${env:TLS_CERT}",
      description = "PEM client certificate for mutual TLS (env TLS_CERT), e.g. tls.crt of haproxy-operator-tls.")
  Path certificate;

  @Option(names = "--tls-key", defaultValue = "${env:TLS_KEY}",
      description = "PKCS#8 PEM key of --tls-cert (env TLS_KEY).")
  Path key;

  @Option(names = "--tls-ca", defaultValue = "${env:TLS_CA}",
      description = "PEM CA bundle that signs the Data Plane APIs' certificates (env TLS_CA); default: the JDK's.")
  Path ca;

  /** The TLS settings, or a usage error that names the flag at fault. */
  StaticTls tls() {
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
