package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.dataplane.ConfigRejectedException;
import dev.gitops.haproxy.dataplane.DataplaneClient;
import dev.gitops.haproxy.dataplane.DataplaneException;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import picocli.CommandLine.Command;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Ask HAProxy, through the Data Plane API, whether it accepts FILE. Changes nothing.%n"
        + "Exit codes: 0 valid, 1 invalid, 2 usage, 3 target unreachable or authentication failed.")
final class ValidateCommand extends OneShotCommand {

  @Override
  Report run(DataplaneClient client, DesiredConfig desired, String target) {
    String name = "validate";
    try {
      client.validate(desired.content());
      return new Report(name, file.toString(), target, desired.hash(), "valid", ExitCodes.OK,
          file + " is valid (" + desired.hash() + ")", null, null, null, null);
    } catch (ConfigRejectedException e) {
      return new Report(name, file.toString(), target, desired.hash(), "invalid", ExitCodes.REJECTED,
          file + " is invalid (" + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + ")",
          e.errors(), null, null, null);
    } catch (DataplaneException e) {
      TargetResult.Outcome outcome = TargetResult.Outcome.of(e);
      return new Report(name, file.toString(), target, desired.hash(), resultOf(outcome), exitCodeOf(outcome),
          e.getMessage(), null, null, null, null);
    }
  }
}
