package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import dev.gitops.haproxy.pipeline.TargetWork;
import dev.gitops.haproxy.target.LoadBalancer;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Check FILE against the policy (--policy), store the files of --files-dir as spec.files are, validate "
        + "FILE, apply it and wait until HAProxy has reloaded with it.%n"
        + "Exit codes: 0 applied, 1 invalid, against the policy or reload failed, 2 usage, 3 target unreachable or "
        + "authentication failed.")
final class ApplyCommand extends OneShotCommand {

  @Override
  Report run(LoadBalancer target, DesiredConfig desired) {
    String targetName = target.describe();
    TargetResult result = new TargetSynchronizer().sync(new TargetWork(targetName, target, Optional.empty()), desired);
    boolean applied = result.outcome().runsDesiredConfig();
    String message = applied
        ? desired.hash() + " is live (configuration version " + result.fingerprint().version()
            + (result.reloadId() == null ? "" : ", reload " + result.reloadId()) + ")"
        : result.message();
    return new Report("apply", file.toString(), targetName, policy.origin(), desired.hash(), resultOf(result.outcome()),
        exitCodeOf(result.outcome()), message, result.errors().isEmpty() ? null : result.errors(),
        applied ? result.fingerprint().version() : null, applied ? result.reloadId() : null,
        result.reloadTime() == null ? null : result.reloadTime().toMillis());
  }
}
