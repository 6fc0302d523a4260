package dev.gitops.haproxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the one-shot commands ({@code validate}, {@code apply}, {@code diff}) share: the flags that
 * name a target, {@code --output}, and reading the files they are given.
 */
abstract class TargetCommand implements Callable<Integer> {

  enum Output { human, json }

  /** Loaded with --output json only: Jackson is a third of a one-shot command's start-up otherwise. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  DataplaneOptions dataplane;

  @Mixin
  TlsOptions tls;

  @Mixin
  ColocatedOptions colocated;

  @Option(names = "--output", defaultValue = "human", description = "human or json (default ${DEFAULT-VALUE}).")
  Output output;

  /**
   * Runs {@code work} on the target the flags name: the co-located HAProxy of --master-socket, or
   * the Data Plane API of --dataplane-url (with a warning on stderr when it is plain HTTP).
   */
  <R> R onTarget(Function<LoadBalancer, R> work) {
    if (colocated.selected()) {
      return work.apply(new ColocatedLoadBalancer(colocated.haproxy(dataplane.urlGiven(), storage()),
          ColocatedTimeouts.DEFAULT));
    }
    if (!storage().isEmpty()) {
      // Ignoring it would store the files where the Data Plane API keeps them, not where they were asked for.
      throw new CommandLine.ParameterException(spec.commandLine(), "--storage names a co-located HAProxy's "
          + "directories (--master-socket or --offline); a Data Plane API stores files in its own");
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

  /** Where a co-located HAProxy keeps the files of each kind; none unless the command stores files. */
  Map<FileKind, Path> storage() {
    return Map.of();
  }

  /** Prints a result: {@code report} as JSON with --output json, otherwise the headline and the detail lines. */
  void print(Object report, String headline, List<String> details) throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      out.println(Json.MAPPER.writeValueAsString(report));
    } else {
      out.println(headline);
      details.forEach(out::println);
    }
    out.flush();
  }

  /**
   * The bytes of the file an argument names, exactly: HAProxy reads bytes, whatever their encoding.
   * A usage error names {@code label} when it is missing, unreadable, or blank unless {@code blankAllowed}.
   */
  byte[] read(String label, Path file, boolean blankAllowed) {
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
