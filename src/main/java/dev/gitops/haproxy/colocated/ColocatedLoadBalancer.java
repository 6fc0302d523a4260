package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.HAProxyErrors;
import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.target.Pause;
import dev.gitops.haproxy.target.ReloadFailedException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.target.TargetUnreachableException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A co-located load balancer: HAProxy in master-worker mode on the operator's host or in its pod,
 * reached through its config file, its master CLI socket and {@code haproxy -c}. An apply writes
 * the file atomically, asks the master to reload and watches {@code show proc} until a new worker
 * generation runs or the master counts the reload as failed; after a failure the previous file is
 * put back, so that a later restart of HAProxy does not load a config that failed.
 */
public final class ColocatedLoadBalancer implements LoadBalancer {

  private static final Logger LOG = LoggerFactory.getLogger(ColocatedLoadBalancer.class);

  /**
   * Per config file, the last config whose reload made the master exit or its new worker die:
   * applied again, it would take HAProxy down again. Shared by every client of that file in this
   * process. An entry stays when another config is applied after it (a rollback does just that,
   * right away): only a config that kills HAProxy too replaces it, and a restart of the operator
   * forgets it.
   */
  private static final ConcurrentMap<Path, Fatal> FATAL = new ConcurrentHashMap<>();

  /** A config that took HAProxy down, and what HAProxy said then. */
  private record Fatal(String hash, String what) {
  }

  /** Longer than a master takes to re-execute (about 0.1 s), short enough to report a dead one soon. */
  private static final Duration REEXEC_GRACE = Duration.ofSeconds(2);

  private final ColocatedHAProxy haproxy;
  private final MasterCli master;
  private final HAProxyCheck check;
  private final ReloadVerifier verifier;
  private final MasterLog log;
  private final ColocatedTimeouts timeouts;
  /**
   * How long haproxy -c took on the config each file holds since it was applied: a re-executing
   * master parses it too. Kept per file, not per instance: a load balancer object lives for one
   * reconcile, and the next one reads the master before it validates anything.
   */
  private static final ConcurrentMap<Path, Duration> PARSE_TIME = new ConcurrentHashMap<>();
  /** How long haproxy -c took on the config validated here, the one an apply then writes. */
  private volatile Duration validated = Duration.ZERO;

  public ColocatedLoadBalancer(ColocatedHAProxy haproxy, ColocatedTimeouts timeouts) {
    this.haproxy = haproxy;
    this.master = new MasterCli(haproxy.masterSocket(), timeouts.socket());
    this.check = new HAProxyCheck(haproxy.haproxyBinary(), haproxy.configFile().toAbsolutePath().getParent(),
        haproxy.allowLua());
    this.verifier = new ReloadVerifier(master, haproxy.haproxyBinary(), timeouts);
    this.log = new MasterLog(haproxy.masterLog());
    this.timeouts = timeouts;
  }

  @Override
  public String describe() {
    return "co-located HAProxy '" + haproxy.name() + "'";
  }

  /**
   * The config file's real path: one HAProxy master loads one file, and every declaration of it
   * (under another name, through a symlink) leads there. Not the host: a pod's name changes at
   * every restart, and each would leave a claim behind. The replicas of one installation share the
   * path and the owner; two installations that declare the same path meet as one load balancer.
   */
  @Override
  public String identity() throws TargetException {
    try {
      return "colocated:" + haproxy.configFile().toRealPath();
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, describe() + ": cannot resolve its config file " + haproxy.configFile()
          + ": " + describeIoFailure(e));
    }
  }

  /**
   * The config file on disk (its sha256 and modification time), provided its master runs: an edit
   * made by hand on the host shows as a difference. A later reload by hand of the same file is not
   * one: it runs the same config.
   */
  @Override
  public TargetFingerprint fingerprint() throws TargetException {
    showProc();
    return fileFingerprint();
  }

  /** The config file HAProxy loads, provided its master runs (as for {@link #fingerprint}). */
  @Override
  public byte[] configuration() throws TargetException {
    showProc();
    return readConfig();
  }

  @Override
  public void validate(byte[] config) throws TargetException {
    long started = System.nanoTime();
    check.validate(config);
    // The master parses the same config when it reloads: how long that may keep its socket away.
    validated = Duration.ofNanos(System.nanoTime() - started);
  }

  @Override
  public ApplyResult apply(byte[] config) throws TargetException {
    long started = System.nanoTime();
    String hash = ConfigHash.of(config);
    try (ApplyLock.Held held = ApplyLock.acquire(haproxy.configFile(), timeouts.lock())) {
      Fatal fatal = FATAL.get(haproxy.configFile());
      if (fatal != null && fatal.hash().equals(hash)) {
        throw new ReloadFailedException("not applied to " + describe() + ": " + hash + " made its HAProxy master exit "
            + "or its workers die at its last reload (" + fatal.what() + "), and would again; change the config (the "
            + "previous config file is in place)", false);
      }
      ProcessList before = showProc();
      byte[] previous = readConfig();
      FileTime previousModified = modifiedTime();
      long logOffset = log.mark();
      write(config);
      ReloadVerifier.Outcome outcome;
      // What was written is what a good reload runs: recorded now, not read back after it, so a
      // failed read cannot turn a good reload into a failure, nor someone else's later edit into ours.
      TargetFingerprint written;
      try {
        written = new TargetFingerprint(modifiedTime().toMillis(), hash);
        outcome = verifier.reload(before, validated);
      } catch (TargetException | RuntimeException e) {
        // Interrupted (a shutdown) after the write: the file goes back all the same.
        boolean interrupted = Thread.interrupted();
        try {
          restore(previous, previousModified);
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
        throw e;
      }
      return switch (outcome.verdict()) {
        case SUCCEEDED -> {
          String reloadId = "reload-" + outcome.after().reloads() + "-worker-" + outcome.newWorker();
          PARSE_TIME.put(haproxy.configFile(), validated);
          yield new ApplyResult(reloadId, written, Duration.ofNanos(System.nanoTime() - started));
        }
        case FAILED -> {
          restore(previous, previousModified);
          throw new ReloadFailedException("HAProxy reload failed on " + describe()
              + log.reasonSince(logOffset, before.workers())
              + "; it keeps running its previous workers and its previous config file is back in place");
        }
        case NO_WORKER -> {
          restore(previous, previousModified);
          String reason = log.reasonSince(logOffset, before.workers());
          FATAL.put(haproxy.configFile(), new Fatal(hash, "its new worker exited at start" + reason));
          throw workerDiedAtStart(hash, reason, outcome.after());
        }
        case MASTER_GONE -> {
          restore(previous, previousModified);
          String reason = log.reasonSince(logOffset, before.workers());
          // Applied again after a restart, it would take HAProxy down again: not until it changes.
          FATAL.put(haproxy.configFile(), new Fatal(hash, "the master exited" + reason));
          throw new TargetUnreachableException(describe() + ": the HAProxy master (pid " + before.masterPid()
              + ") exited during the reload" + reason + " (" + outcome.detail()
              + "); the previous config file is back in place: restart HAProxy. " + hash + " is not applied again "
              + "until it changes", null);
        }
        case RESTARTED -> throw new TargetUnreachableException(describe() + ": HAProxy was restarted during the "
            + "reload (" + outcome.detail() + "), so this apply cannot be verified; the next attempt checks what it "
            + "runs", null);
        case TIMED_OUT -> {
          restore(previous, previousModified);
          throw new TargetUnreachableException(describe() + ": the HAProxy master did not finish the reload within "
              + timeouts.reload().toSeconds() + "s (" + outcome.detail() + "); the previous config file is back in "
              + "place", null);
        }
      };
    }
  }

  /**
   * The new worker exited at start and none runs: HAProxy serves nothing. The previous file is back;
   * reloading it brings the previous config back to life, which is what the failure reports.
   */
  private TargetException workerDiedAtStart(String hash, String reason, ProcessList now) throws TargetException {
    String what = "HAProxy's new worker exited at start on " + describe() + reason;
    ReloadVerifier.Outcome again = verifier.reload(now, parseTime());
    if (again.verdict() == ReloadVerifier.Verdict.SUCCEEDED) {
      return new ReloadFailedException(what + "; the previous config file is back in place and was reloaded: it runs "
          + "again (worker " + again.newWorker() + "). " + hash + " is not applied again until it changes");
    }
    return new TargetUnreachableException(what + "; the previous config file is back in place, but reloading it "
        + "brought no worker back (" + again.verdict() + ": " + again.detail() + "): HAProxy serves nothing, restart it",
        null);
  }

  @Override
  public Map<String, String> storedFiles(FileKind kind) throws TargetException {
    return storage().list(kind);
  }

  @Override
  public void storeFile(FileKind kind, String name, byte[] content, boolean exists) throws TargetException {
    storage().store(kind, name, content);
  }

  @Override
  public void deleteStoredFile(FileKind kind, String name) throws TargetException {
    storage().delete(kind, name);
  }

  private StorageDirectories storage() {
    List<Path> own = new ArrayList<>(List.of(haproxy.configFile(), haproxy.masterSocket()));
    haproxy.masterLog().ifPresent(own::add);
    return new StorageDirectories(describe(), haproxy.storage(), own);
  }

  private Duration parseTime() {
    return PARSE_TIME.getOrDefault(haproxy.configFile(), Duration.ZERO);
  }

  /**
   * What the master says now. Its socket is away for a moment while it re-executes for a reload
   * (someone else's, or another process's apply): a refused connection, or one closed without an
   * answer, is tried again for {@link #REEXEC_GRACE}, or three parse times of the running config
   * when longer, before the master counts as unreachable.
   */
  private ProcessList showProc() throws TargetException {
    // A master re-parses its config when it re-executes: a large one keeps it away for longer.
    Duration parse = parseTime().multipliedBy(3);
    Duration grace = REEXEC_GRACE.compareTo(parse) >= 0 ? REEXEC_GRACE : parse;
    long deadline = System.nanoTime() + grace.toNanos();
    while (true) {
      String answer;
      try {
        answer = master.send("show proc");
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !Files.exists(master.socket())) {
          Fatal fatal = FATAL.get(haproxy.configFile());
          throw new TargetUnreachableException("cannot reach the master socket " + master.socket() + " of "
              + describe() + ": " + describeIoFailure(e) + (fatal == null ? "" : "; at its last reload, " + fatal.hash()
              + " took it down (" + fatal.what() + ") and the previous config file was put back"), e);
        }
        Pause.pause(timeouts.reloadPoll(), "the HAProxy master");
        continue;
      }
      // A master that re-executes closes the connections it accepted without answering them.
      if (answer.isBlank()) {
        if (System.nanoTime() <= deadline) {
          Pause.pause(timeouts.reloadPoll(), "the HAProxy master");
          continue;
        }
        throw new TargetUnreachableException("the master socket " + master.socket() + " of " + describe()
            + " closed every connection without an answer for " + grace.toMillis() + " ms", null);
      }
      return ProcessList.parse(answer).orElseThrow(() -> new UnexpectedResponseException(0, "the socket "
          + master.socket() + " of " + describe() + " is not an HAProxy master CLI (show proc answered: "
          + HAProxyErrors.abbreviate(answer) + ")"));
    }
  }

  private TargetFingerprint fileFingerprint() throws TargetException {
    return new TargetFingerprint(modifiedTime().toMillis(), ConfigHash.of(readConfig()));
  }

  private byte[] readConfig() throws TargetException {
    try {
      return Files.readAllBytes(haproxy.configFile());
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, describe() + ": cannot read its config file " + haproxy.configFile()
          + ": " + describeIoFailure(e));
    }
  }

  private FileTime modifiedTime() throws TargetException {
    try {
      return Files.getLastModifiedTime(haproxy.configFile());
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, describe() + ": cannot read its config file " + haproxy.configFile()
          + ": " + describeIoFailure(e));
    }
  }

  private void write(byte[] config) throws TargetException {
    write(config, null);
  }

  private void write(byte[] config, FileTime modified) throws TargetException {
    try {
      AtomicFiles.write(haproxy.configFile(), config, AtomicFiles.OWNER_AND_GROUP, true, modified);
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, describe() + ": cannot write its config file "
          + haproxy.configFile() + ": " + e.getMessage());
    }
  }

  /** Puts the previous file back as it was, modification time included, so it fingerprints as before. */
  private void restore(byte[] previous, FileTime previousModified) throws TargetException {
    write(previous, previousModified);
    LOG.info("{}: restored the previous config file {}", describe(), haproxy.configFile());
  }

  private static String describeIoFailure(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof NoSuchFileException || message.contains("No such file")) {
      return "no such file (is HAProxy running?)";
    }
    if (message.contains("Connection refused")) {
      return "connection refused (is HAProxy running?)";
    }
    return message;
  }
}
