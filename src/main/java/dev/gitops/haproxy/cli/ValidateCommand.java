package dev.gitops.haproxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.ReloadAdvice;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.ValidationWarning;
import dev.gitops.haproxy.colocated.StorageDirectories;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import dev.gitops.haproxy.pipeline.TargetWork;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.ConfigValidator;
import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.target.TargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check FILE against the policy (--policy), then ask HAProxy whether it accepts it: through a Data "
        + "Plane API, through a co-located HAProxy (--master-socket), or with the haproxy binary alone (--offline). "
        + "Changes nothing HAProxy runs; the files of --files-dir are stored first, as spec.files are.%n"
        + "Exit codes: 0 valid, 1 invalid or against the policy, 2 usage, 3 target unreachable or authentication "
        + "failed.")
final class ValidateCommand extends OneShotCommand {

  @Option(names = "--offline", description = "Validate with the haproxy binary of --haproxy-bin (haproxy -c); no "
      + "running HAProxy or Data Plane API needed: a pre-merge pipeline gate.")
  boolean offline;

  @Override
  public Integer call() throws JsonProcessingException {
    if (!offline) {
      return super.call();
    }
    Logging.quietUnlessAsked();
    DesiredConfig desired = desired();
    Optional<Report> refused = checkPolicy(desired);
    if (refused.isPresent()) {
      return finish(refused.get());
    }
    ConfigValidator check = colocated.offlineCheck();
    // Read even when --files-dir holds no file: a mistyped directory is a usage error either way.
    Map<FileKind, Path> storage = files.storage();
    if (!desired.files().isEmpty()) {
      // The config being validated is never replaced by a file staged next to it.
      check = new StagedCheck(check, new StorageDirectories("--storage", storage, List.of(file.toAbsolutePath())),
          desired.files());
    }
    return finish(validate(check, desired));
  }

  @Override
  Report run(LoadBalancer target, DesiredConfig desired) {
    if (desired.files().isEmpty()) {
      return validate(target, desired);
    }
    // The operator's own path: store the files on the target, then validate; nothing is applied.
    TargetResult result = new TargetSynchronizer().check(new TargetWork(target.describe(), target, Optional.empty()),
        desired);
    if (result.outcome() != TargetResult.Outcome.VALIDATED) {
      return new Report("validate", file.toString(), target.describe(), policy.origin(), desired.hash(),
          resultOf(result.outcome()), exitCodeOf(result.outcome()), result.message(),
          result.errors().isEmpty() ? null : result.errors(), null, null, null);
    }
    return valid(target.describe(), desired);
  }

  private Report valid(String target, DesiredConfig desired) {
    // Advice, not a verdict: the exit code stays 0.
    List<ValidationWarning> warnings = ReloadAdvice.warnings(ConfigModel.parse(desired.content()));
    String with = desired.files().isEmpty() ? "" : " with " + desired.files().size()
        + (desired.files().size() == 1 ? " file" : " files");
    return new Report("validate", file.toString(), target, policy.origin(), desired.hash(), "valid", ExitCodes.OK,
        file + " is valid" + with + " (" + desired.hash() + ")", null, null, null, null, warnings);
  }

  private Report validate(ConfigValidator validator, DesiredConfig desired) {
    String name = "validate";
    String target = validator.describe();
    try {
      validator.validate(desired.content());
      return valid(target, desired);
    } catch (ConfigRejectedException e) {
      return new Report(name, file.toString(), target, policy.origin(), desired.hash(), "invalid", ExitCodes.REJECTED,
          file + " is invalid (" + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + ")",
          e.errors(), null, null, null);
    } catch (TargetException e) {
      TargetResult.Outcome outcome = TargetResult.Outcome.of(e);
      return new Report(name, file.toString(), target, policy.origin(), desired.hash(), resultOf(outcome),
          exitCodeOf(outcome), e.getMessage(), null, null, null, null);
    }
  }
}
