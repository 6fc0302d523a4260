package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.target.Pause;
import dev.gitops.haproxy.target.TargetUnreachableException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has the master reload and finds out what became of it. HAProxy 2.6 answers {@code reload} with
 * nothing and re-executes, so its socket is away for a moment; the verdict is in {@code show proc}:
 * one more failed reload, or a new worker, which counts only once it answers through the master
 * (a worker that dies at start, e.g. on a chroot to a missing directory, makes the master exit).
 */
final class ReloadVerifier {

  /**
   * SUCCEEDED: a new worker answers. FAILED: the master counted a failed reload and kept the old
   * workers. NO_WORKER: the master loaded the config but its new worker exited at start, and no
   * worker runs. MASTER_GONE: the master exited. RESTARTED: another master answers, started by
   * someone else with whatever file was there. TIMED_OUT: no verdict.
   */
  enum Verdict { SUCCEEDED, FAILED, NO_WORKER, MASTER_GONE, RESTARTED, TIMED_OUT }

  /** @param newWorker the pid of the worker the reload started, for SUCCEEDED */
  record Outcome(Verdict verdict, ProcessList after, long newWorker, String detail) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReloadVerifier.class);
  /**
   * A master re-executing is away for about 0.1 s plus the time it takes to parse the config, and
   * one retrying a busy port answers late but accepts connections; a socket that refuses
   * connections this long, and three times the config's parse time, has no master behind it.
   */
  private static final Duration REFUSED_MEANS_GONE = Duration.ofSeconds(3);
  /** A reloaded master lists its new worker at once; none for this long means it died at start. */
  private static final Duration NO_WORKER_MEANS_DEAD = Duration.ofMillis(500);

  private final MasterCli master;
  private final String binaryName;
  private final ColocatedTimeouts timeouts;

  ReloadVerifier(MasterCli master, Path haproxyBinary, ColocatedTimeouts timeouts) {
    this.master = master;
    this.binaryName = haproxyBinary.getFileName().toString();
    this.timeouts = timeouts;
  }

  /** @param parseTime how long haproxy -c took on this config: a re-executing master parses it too */
  Outcome reload(ProcessList before, Duration parseTime) throws TargetUnreachableException {
    long refusedMeansGone = Math.max(REFUSED_MEANS_GONE.toNanos(), 3 * parseTime.toNanos());
    Optional<ProcessHandle> masterProcess = haproxyProcess(before.masterPid());
    long deadline = System.nanoTime() + timeouts.reload().toNanos();
    while (true) {
      try {
        master.send("reload");
        break;
      } catch (MasterCli.NotConnected e) {
        // Not delivered: the master is re-executing for someone else's reload. Only ours counts.
        if (System.nanoTime() > deadline) {
          return new Outcome(Verdict.TIMED_OUT, null, 0, "the reload command could not be delivered: " + e.getMessage());
        }
        Pause.pause(timeouts.reloadPoll(), "a reload");
      } catch (IOException e) {
        // Delivered: the master re-executes on reload and may close the connection before answering.
        LOG.debug("reload command on {}: {}", master.socket(), e.getMessage());
        break;
      }
    }
    long refusedSince = 0;
    long noWorkerSince = 0;
    String lastSeen = "no answer yet";
    while (System.nanoTime() < deadline) {
      try {
        Optional<ProcessList> parsed = ProcessList.parse(master.send("show proc"));
        refusedSince = 0;
        if (parsed.isPresent()) {
          ProcessList after = parsed.get();
          if (after.masterPid() != before.masterPid()) {
            return new Outcome(Verdict.RESTARTED, after, 0, "another master (pid " + after.masterPid()
                + ") answers now: HAProxy was restarted meanwhile");
          }
          if (after.failedReloads() > before.failedReloads()) {
            return new Outcome(Verdict.FAILED, after, 0, "");
          }
          Optional<Long> newWorker = after.newWorkerSince(before);
          if (after.reloads() > before.reloads() && newWorker.isPresent() && answers(newWorker.get())) {
            return new Outcome(Verdict.SUCCEEDED, after, newWorker.get(), "");
          }
          boolean noWorker = after.reloads() > before.reloads() && after.workers().isEmpty();
          noWorkerSince = !noWorker ? 0 : noWorkerSince == 0 ? System.nanoTime() : noWorkerSince;
          if (noWorkerSince != 0 && System.nanoTime() - noWorkerSince > NO_WORKER_MEANS_DEAD.toNanos()) {
            return new Outcome(Verdict.NO_WORKER, after, 0, "no worker runs");
          }
          lastSeen = "show proc: " + after.reloads() + " reloads, " + after.failedReloads() + " failed";
        }
      } catch (IOException e) {
        lastSeen = e.getMessage();
        boolean refused = e instanceof ConnectException || String.valueOf(e.getMessage()).contains("refused");
        refusedSince = !refused ? 0 : refusedSince == 0 ? System.nanoTime() : refusedSince;
        // Where the master can be seen, whether it lives says it; a busy master may refuse for long.
        boolean exited = masterProcess.isPresent() && !masterProcess.get().isAlive();
        boolean refusedTooLong = masterProcess.isEmpty() && refusedSince != 0
            && System.nanoTime() - refusedSince > refusedMeansGone;
        if (exited || refusedTooLong) {
          return new Outcome(Verdict.MASTER_GONE, null, 0, lastSeen);
        }
      }
      Pause.pause(timeouts.reloadPoll(), "a reload");
    }
    return new Outcome(Verdict.TIMED_OUT, null, 0, lastSeen);
  }

  /** Whether worker {@code pid} is up: it answers {@code show info} through the master. */
  private boolean answers(long pid) {
    try {
      String info = master.send("@!" + pid + " show info");
      return info.contains("Pid: " + pid);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The master as a process of this host, when the operator can see it (same host, or a pod that
   * shares its process namespace) and it is the HAProxy binary: in another pid namespace the same
   * number can be any process of ours.
   */
  private Optional<ProcessHandle> haproxyProcess(long pid) {
    return ProcessHandle.of(pid).filter(process -> process.info().command()
        .map(command -> Path.of(command).getFileName().toString().equals(binaryName)).orElse(false));
  }
}
