package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.tls.ServerTrust;
import io.spiffe.spiffeid.SpiffeId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The target of local mode and of the one-shot commands: one Data Plane API. */
final class DataplaneOptions {

  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--dataplane-url", defaultValue = "${env:DATAPLANE_URL:-http://127.0.0.1:5555/v3}",
      description = "Data Plane API base URL including /v3 (env DATAPLANE_URL; default ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--dataplane-spiffe-id", defaultValue = "${env:DATAPLANE_SPIFFE_ID}",
      description = "SPIFFE mode: the SPIFFE ID the Data Plane API must present (env DATAPLANE_SPIFFE_ID).")
  String spiffeId;

  @Option(names = "--dataplane-user", defaultValue = "${env:DATAPLANE_USER}",
      description = "Data Plane API user for basic auth (env DATAPLANE_USER).")
  String user;

  @Option(names = "--dataplane-password-file", defaultValue = "${env:DATAPLANE_PASSWORD_FILE}",
      description = "File holding the Data Plane API password (env DATAPLANE_PASSWORD_FILE).")
  Path passwordFile;

  /**
   * The endpoint, or a usage error that names the flag at fault.
   *
   * @param spiffeMode whether the operator has an SVID (--spire-socket): only then can a server's
   *     SPIFFE ID be checked
   */
  DataplaneEndpoint endpoint(boolean spiffeMode) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw usage("--dataplane-url: not a URL: " + url);
    }
    if (uri.getUserInfo() != null) {
      throw usage("--dataplane-url: put no credentials in the URL; use --dataplane-user and --dataplane-password-file");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw usage("--dataplane-url: expected http(s)://host:port/v3, got " + url);
    }
    if ((user == null) != (passwordFile == null)) {
      throw usage(user == null ? "--dataplane-password-file needs --dataplane-user"
          : "--dataplane-user needs --dataplane-password-file");
    }
    Optional<BasicCredentials> credentials = Optional.empty();
    if (user != null) {
      try {
        credentials = Optional.of(new BasicCredentials(user, Files.readString(passwordFile).strip()));
      } catch (IOException e) {
        throw usage("--dataplane-password-file: cannot read " + passwordFile + ": " + e.getMessage());
      }
    }
    ServerTrust trust = ServerTrust.OPERATOR_WIDE;
    if (spiffeId != null && !spiffeId.isBlank()) {
      if (!spiffeMode) {
        throw usage("--dataplane-spiffe-id needs --spire-socket: without an SVID the operator has no SPIFFE trust "
            + "bundle to check the server's ID against");
      }
      try {
        trust = ServerTrust.spiffeId(SpiffeId.parse(spiffeId.trim()));
      } catch (IllegalArgumentException e) {
        throw usage("--dataplane-spiffe-id: not a SPIFFE ID: " + spiffeId + " (" + e.getMessage() + ")");
      }
    }
    return new DataplaneEndpoint(uri, credentials, trust);
  }

  /** Whether the user named a Data Plane API (flag or environment), rather than taking the default. */
  boolean urlGiven() {
    String env = System.getenv("DATAPLANE_URL");
    return spec.commandLine().getParseResult().hasMatchedOption("--dataplane-url") || env != null && !env.isBlank();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
