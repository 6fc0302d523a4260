package dev.gitops.haproxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.ReloadAdvice;
import dev.gitops.haproxy.model.ValidationWarning;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.ConfigValidator;
import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.target.TargetException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check FILE against the policy (--policy), then ask HAProxy whether it accepts it: through a Data "
        + "Plane API, through a co-located HAProxy (--master-socket), or with the haproxy binary alone (--offline). "
        + "Changes nothing.%n"
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
    DesiredConfig desired = DesiredConfig.of(readFile());
    Optional<Report> refused = checkPolicy(desired);
    if (refused.isPresent()) {
      return finish(refused.get());
    }
    ConfigValidator check = colocated.offlineCheck();
    return finish(validate(check, desired));
  }

  @Override
  Report run(LoadBalancer target, DesiredConfig desired) {
    return validate(target, desired);
  }

  private Report validate(ConfigValidator validator, DesiredConfig desired) {
    String name = "validate";
    String target = validator.describe();
    try {
      validator.validate(desired.content());
      // Advice, not a verdict: the exit code stays 0.
      List<ValidationWarning> warnings = ReloadAdvice.warnings(ConfigModel.parse(desired.content()));
      return new Report(name, file.toString(), target, policy.origin(), desired.hash(), "valid", ExitCodes.OK,
          file + " is valid (" + desired.hash() + ")", null, null, null, null, warnings);
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
