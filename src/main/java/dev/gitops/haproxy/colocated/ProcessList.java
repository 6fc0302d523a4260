package dev.gitops.haproxy.colocated;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the master CLI's {@code show proc} says: the master (its reload count and, since HAProxy
 * 2.5, how many reloads failed) and the current workers. Pure; parsed from text like
 *
 * <pre>
 * #&lt;PID&gt;          &lt;type&gt;          &lt;reloads&gt;       &lt;uptime&gt;        &lt;version&gt;
 * 4242            master          3 [failed: 1]   0d00h02m10s     2.6.12-1
 * # workers
 * 4300            worker          0               0d00h00m04s     2.6.12-1
 * # old workers
 * 4250            worker          1               0d00h01m30s     2.6.12-1
 * </pre>
 *
 * @param failedReloads 0 where HAProxy does not count them
 * @param workers the current workers' pids, in HAProxy's order
 */
public record ProcessList(long masterPid, int reloads, int failedReloads, List<Long> workers) {

  private static final Pattern MASTER =
      Pattern.compile("^(\\d+)\\s+master\\s+(\\d+)(?:\\s*\\[failed:\\s*(\\d+)\\])?");
  /** Before HAProxy 2.5, a {@code <relative PID>} column comes before the reload count. */
  private static final Pattern MASTER_WITH_RELATIVE_PID =
      Pattern.compile("^(\\d+)\\s+master\\s+\\d+\\s+(\\d+)");
  private static final Pattern WORKER = Pattern.compile("^(\\d+)\\s+worker\\b");

  public ProcessList {
    workers = List.copyOf(workers);
  }

  /** The list, or empty when {@code text} is not {@code show proc} output (no master line). */
  public static Optional<ProcessList> parse(String text) {
    Long masterPid = null;
    int reloads = 0;
    int failed = 0;
    List<Long> workers = new ArrayList<>();
    String section = "";
    Pattern masterLine = MASTER;
    for (String raw : text.split("\\R")) {
      String line = raw.trim();
      if (line.startsWith("#")) {
        section = line.toLowerCase();
        if (line.contains("<relative PID>")) {
          masterLine = MASTER_WITH_RELATIVE_PID;
        }
        continue;
      }
      Matcher master = masterLine.matcher(line);
      if (master.find()) {
        masterPid = Long.valueOf(master.group(1));
        reloads = Integer.parseInt(master.group(2));
        failed = master.groupCount() < 3 || master.group(3) == null ? 0 : Integer.parseInt(master.group(3));
        continue;
      }
      Matcher worker = WORKER.matcher(line);
      if (worker.find() && section.startsWith("# workers")) {
        workers.add(Long.valueOf(worker.group(1)));
      }
    }
    return masterPid == null ? Optional.empty() : Optional.of(new ProcessList(masterPid, reloads, failed, workers));
  }

  /** A worker now that was not one in {@code before}: the generation a successful reload started. */
  public Optional<Long> newWorkerSince(ProcessList before) {
    return workers.stream().filter(pid -> !before.workers().contains(pid)).findFirst();
  }
}
