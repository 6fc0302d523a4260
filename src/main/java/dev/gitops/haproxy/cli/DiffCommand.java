package dev.gitops.haproxy.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gitops.haproxy.config.diff.ConfigDiff;
import dev.gitops.haproxy.config.diff.DiffSummary;
import dev.gitops.haproxy.config.diff.DiffText;
import dev.gitops.haproxy.config.diff.DiffView;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.target.TargetException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "What changes from OLD to NEW, section by section: sections, servers (address, weight, disabled) "
        + "and settings. With --target, from what the target stores now (the Data Plane API of --dataplane-url, or "
        + "the co-located HAProxy of --master-socket) to FILE. Comments, blank lines, spacing and quoting that HAProxy "
        + "reads alike are no difference. Changes nothing.%n"
        + "Exit codes: 0 identical in effect, 1 different, 2 usage, 3 target unreachable or authentication failed.")
final class DiffCommand extends TargetCommand {

  /** How long the summary line may be; the diff below it has every detail. */
  static final int SUMMARY_LENGTH = 200;

  /**
   * The machine-readable result; {@code --output json} prints exactly this.
   *
   * @param text the diff for a terminal, printed under the summary without --output json
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Report(String command, String before, String after, String result, int exitCode, String message,
      List<DiffView.SectionView> sections, List<DiffView.SettingView> outside, @JsonIgnore List<String> text) {
  }

  @Parameters(index = "0", paramLabel = "OLD", description = "The config before the change; with --target, FILE: the "
      + "config to compare with what the target stores.")
  Path first;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NEW", description = "The config after the change.")
  Path second;

  @Option(names = "--target", description = "Compare FILE with what the target stores now, read through its "
      + "Data Plane API or from the co-located HAProxy's config file.")
  boolean target;

  @Override
  public Integer call() throws JsonProcessingException {
    Logging.quietUnlessAsked();
    if (target == (second != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), target
          ? "--target compares one FILE with what the target stores: give one file, not two"
          : "give two files, OLD and NEW, or one FILE and --target");
    }
    if (!target) {
      byte[] before = read("OLD", first, true);
      byte[] after = read("NEW", second, true);
      return finish(compare(first.toString(), before, second.toString(), after));
    }
    byte[] file = read("FILE", first, true);
    return finish(onTarget(lb -> compareWith(lb, file)));
  }

  private Report compareWith(LoadBalancer lb, byte[] file) {
    try {
      return compare(lb.describe(), lb.configuration(), first.toString(), file);
    } catch (TargetException e) {
      TargetResult.Outcome outcome = TargetResult.Outcome.of(e);
      return new Report("diff", lb.describe(), first.toString(), OneShotCommand.resultOf(outcome),
          OneShotCommand.exitCodeOf(outcome), e.getMessage(), null, null, List.of());
    }
  }

  private static Report compare(String beforeName, byte[] before, String afterName, byte[] after) {
    ConfigDiff diff = ConfigDiff.between(before, after);
    DiffView view = DiffView.of(diff);
    boolean same = diff.identicalInEffect();
    return new Report("diff", beforeName, afterName, same ? "identical" : "different",
        same ? ExitCodes.OK : ExitCodes.DIFFERENT, DiffSummary.oneLine(diff, SUMMARY_LENGTH), view.sections(),
        view.outside().isEmpty() ? null : view.outside(), DiffText.lines(diff));
  }

  private int finish(Report report) throws JsonProcessingException {
    print(report, report.result() + ": " + report.message(), report.text());
    return report.exitCode();
  }

}
