package dev.gitops.haproxy.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE} and {@code apply FILE}: one pass of the pipeline for CI/CD pipelines, with
 * exit codes a pipeline can gate on (see {@link ExitCodes}).
 */
abstract class OneShotCommand implements Callable<Integer> {

  enum Output { human, json }

  /** The machine-readable result; {@code --output json} prints exactly this. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Report(String command, String file, String target, String hash, String result, int exitCode, String message,
      List<ValidationError> errors, Long configurationVersion, String reloadID, Long reloadMillis) {
  }

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

  @Parameters(index = "0", paramLabel = "FILE", description = "The haproxy.cfg to check.")
  Path file;

  @Option(names = "--output", defaultValue = "human", description = "human or json (default ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public Integer call() throws JsonProcessingException {
    Logging.quietUnlessAsked();
    byte[] content = readFile();
    DesiredConfig desired = DesiredConfig.of(content);
    if (colocated.selected()) {
      LoadBalancer target =
          new ColocatedLoadBalancer(colocated.haproxy(dataplane.urlGiven()), ColocatedTimeouts.DEFAULT);
      return finish(run(target, desired));
    }
    DataplaneEndpoint endpoint = dataplane.endpoint(tls.spiffeMode());
    if (endpoint.isPlaintext()) {
      spec.commandLine().getErr().println("warning: " + endpoint.baseUri()
          + " is plain HTTP: no TLS, credentials cross the network in clear text");
    }
    try (DataplaneClientFactory clients = Main.clientFactory(tls)) {
      return finish(run(clients.clientFor(endpoint), desired));
    }
  }

  /** The file's bytes, exactly: HAProxy reads bytes, whatever their encoding. */
  byte[] readFile() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "FILE: no such file: " + file);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "FILE: cannot read " + file + ": " + e.getMessage());
    }
    if (DesiredConfig.isBlank(content)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "FILE: " + file + " is empty");
    }
    return content;
  }

  int finish(Report report) throws JsonProcessingException {
    print(report);
    return report.exitCode();
  }

  abstract Report run(LoadBalancer target, DesiredConfig desired);

  /** The exit code and result word for an outcome of the pipeline. */
  static int exitCodeOf(TargetResult.Outcome outcome) {
    return switch (outcome) {
      case APPLIED, IN_SYNC, VALIDATED -> ExitCodes.OK;
      case REJECTED, FILE_REJECTED, RELOAD_FAILED, ROLLED_BACK, HELD_BACK, DRIFTED, NOT_ATTEMPTED, REJECTED_ELSEWHERE ->
          ExitCodes.REJECTED;
      // DEFERRED: the one-shot commands run without a budget; were one spent, the config was never judged.
      case UNREACHABLE, AUTH_FAILED, UNEXPECTED_RESPONSE, VERSION_CONFLICT, TARGET_CONFLICT, DEFERRED ->
          ExitCodes.TARGET_FAILURE;
    };
  }

  static String resultOf(TargetResult.Outcome outcome) {
    return outcome.name().toLowerCase().replace('_', '-');
  }

  private void print(Report report) throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      out.println(Json.MAPPER.writeValueAsString(report));
    } else {
      out.println(report.result() + ": " + report.message());
      for (ValidationError error : report.errors() == null ? List.<ValidationError>of() : report.errors()) {
        out.println("    " + error);
      }
    }
    out.flush();
  }
}
