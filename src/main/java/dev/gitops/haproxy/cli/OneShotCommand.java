package dev.gitops.haproxy.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.model.ValidationWarning;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.policy.Policy;
import dev.gitops.haproxy.policy.Violation;
import dev.gitops.haproxy.target.LoadBalancer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code validate FILE} and {@code apply FILE}: the policy check, then one pass of the pipeline for
 * CI/CD pipelines, with exit codes a pipeline can gate on (see {@link ExitCodes}).
 */
abstract class OneShotCommand extends TargetCommand {

  /** The machine-readable result; {@code --output json} prints exactly this. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Report(String command, String file, String target, String policy, String hash, String result, int exitCode,
      String message, List<ValidationError> errors, Long configurationVersion, String reloadID, Long reloadMillis,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ValidationWarning> warnings) {

    Report {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    Report(String command, String file, String target, String policy, String hash, String result, int exitCode,
        String message, List<ValidationError> errors, Long configurationVersion, String reloadID, Long reloadMillis) {
      this(command, file, target, policy, hash, result, exitCode, message, errors, configurationVersion, reloadID,
          reloadMillis, List.of());
    }
  }

  @Mixin
  PolicyOptions policyOptions;

  @Mixin
  FilesOptions files;

  /** The policy of --policy, read once the command runs. */
  Policy policy;

  @Parameters(index = "0", paramLabel = "FILE", description = "The haproxy.cfg to check.")
  Path file;

  @Override
  public Integer call() throws JsonProcessingException {
    Logging.quietUnlessAsked();
    DesiredConfig desired = desired();
    Optional<Report> refused = checkPolicy(desired);
    if (refused.isPresent()) {
      return finish(refused.get());
    }
    return finish(onTarget(target -> run(target, desired)));
  }

  /**
   * The report of a config that breaks the policy, if it does: such a config is never shown to
   * HAProxy, let alone applied. The violations are reported as HAProxy's errors are, with lines.
   */
  Optional<Report> checkPolicy(DesiredConfig desired) {
    policy = policyOptions.policy();
    List<Violation> violations = policy.check(desired.content());
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Report(spec.name(), file.toString(), null, policy.origin(), desired.hash(),
        "policy-violation", ExitCodes.REJECTED, file + " breaks " + policy.origin() + " (" + violations.size()
            + (violations.size() == 1 ? " violation" : " violations") + "); HAProxy was not asked",
        violations.stream().map(Violation::toValidationError).toList(), null, null, null));
  }

  /** FILE with the files of --files-dir, read and checked as spec.files are. */
  DesiredConfig desired() {
    return DesiredConfig.of(readFile()).withFiles(files.read());
  }

  @Override
  Map<FileKind, Path> storage() {
    return files.storage();
  }

  /** The file's bytes, exactly: HAProxy reads bytes, whatever their encoding. */
  byte[] readFile() {
    return read("FILE", file, false);
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
    List<ValidationError> errors = report.errors() == null ? List.of() : report.errors();
    List<String> details = new ArrayList<>(errors.stream().map(e -> "    " + e).toList());
    report.warnings().forEach(w -> details.add("warning: " + w));
    print(report, report.result() + ": " + report.message(), details);
  }
}
