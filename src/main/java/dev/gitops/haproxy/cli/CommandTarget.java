package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What the one-shot commands share: the target their flags name, and the files they read. */
final class CommandTarget {

  private CommandTarget() {
  }

  /**
   * Runs {@code work} on the target the flags name: the co-located HAProxy of --master-socket, or
   * the Data Plane API of --dataplane-url (with a warning on stderr when it is plain HTTP).
   */
  static <R> R run(CommandSpec spec, DataplaneOptions dataplane, TlsOptions tls, ColocatedOptions colocated,
      Function<LoadBalancer, R> work) {
    if (colocated.selected()) {
      return work.apply(new ColocatedLoadBalancer(colocated.haproxy(dataplane.urlGiven()), ColocatedTimeouts.DEFAULT));
    }
    DataplaneEndpoint endpoint = dataplane.endpoint(tls.spiffeMode());
    if (endpoint.isPlaintext()) {
      spec.commandLine().getErr().println("warning: " + endpoint.baseUri()
          + " is plain HTTP: no TLS, credentials cross the network in clear text");
    }
    try (DataplaneClientFactory clients = Main.clientFactory(tls)) {
      return work.apply(clients.clientFor(endpoint));
    }
  }

  /**
   * The bytes of the file an argument names, exactly: HAProxy reads bytes, whatever their encoding.
   * A usage error names {@code label} when it is missing, unreadable, or blank unless {@code blankAllowed}.
   */
  static byte[] read(CommandSpec spec, String label, Path file, boolean blankAllowed) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), label + ": no such file: " + file);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), label + ": cannot read " + file + ": "
          + e.getMessage());
    }
    if (!blankAllowed && DesiredConfig.isBlank(content)) {
      throw new CommandLine.ParameterException(spec.commandLine(), label + ": " + file + " is empty");
    }
    return content;
  }
}
