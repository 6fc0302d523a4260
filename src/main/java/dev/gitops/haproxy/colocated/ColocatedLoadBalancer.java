package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.FileRejectedException;
import dev.gitops.haproxy.target.HAProxyErrors;
import dev.gitops.haproxy.target.LoadBalancer;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
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

  private final ColocatedHAProxy haproxy;
  private final MasterCli master;
  private final HAProxyCheck check;
  private final ColocatedTimeouts timeouts;

  public ColocatedLoadBalancer(ColocatedHAProxy haproxy, ColocatedTimeouts timeouts) {
    this.haproxy = haproxy;
    this.master = new MasterCli(haproxy.masterSocket(), timeouts.socket());
    this.check = new HAProxyCheck(haproxy.haproxyBinary(), haproxy.configFile().toAbsolutePath().getParent());
    this.timeouts = timeouts;
  }

  @Override
  public String describe() {
    return "co-located HAProxy '" + haproxy.name() + "'";
  }

  @Override
  public boolean isPlaintext() {
    return false;
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

  @Override
  public void validate(byte[] config) throws TargetException {
    check.validate(config);
  }

  @Override
  public ApplyResult apply(byte[] config) throws TargetException {
    long started = System.nanoTime();
    try (ApplyLock.Held held = ApplyLock.acquire(haproxy.configFile(), timeouts.lock())) {
      ProcessList before = showProc();
      byte[] previous = readConfig();
      FileTime previousModified = modifiedTime();
      long logOffset = masterLogSize();
      write(config, null);
      ReloadOutcome outcome = reload(before);
      switch (outcome.kind()) {
        case SUCCEEDED -> {
          String reloadId = "reload-" + outcome.after().reloads() + "-worker-" + outcome.newWorker();
          return new ApplyResult(reloadId, fileFingerprint(), Duration.ofNanos(System.nanoTime() - started));
        }
        case FAILED -> {
          restore(previous, previousModified);
          throw new ReloadFailedException("HAProxy reload failed on " + describe() + reasonFromLog(logOffset)
              + "; it keeps running its previous workers and its previous config file is back in place");
        }
        case MASTER_GONE -> {
          restore(previous, previousModified);
          throw new TargetUnreachableException(describe() + ": the HAProxy master (pid " + before.masterPid()
              + ") exited during the reload" + reasonFromLog(logOffset) + "; the previous config file is back in "
              + "place, restart HAProxy", null);
        }
        default -> {
          restore(previous, previousModified);
          throw new TargetUnreachableException(describe() + ": the HAProxy master did not finish the reload within "
              + timeouts.reload().toSeconds() + "s (" + outcome.detail() + "); the previous config file is back in "
              + "place", null);
        }
      }
    }
  }

  private enum ReloadKind { SUCCEEDED, FAILED, MASTER_GONE, TIMED_OUT }

  private record ReloadOutcome(ReloadKind kind, ProcessList after, Long newWorker, String detail) {
  }

  /**
   * Asks the master to reload and waits for its verdict. HAProxy 2.6 answers the command with
   * nothing and re-executes, so its socket is away for a moment; the verdict is in {@code show proc}:
   * a new worker, or one more failed reload.
   */
  private ReloadOutcome reload(ProcessList before) throws TargetException {
    boolean masterVisible = ProcessHandle.of(before.masterPid()).isPresent();
    try {
      master.send("reload");
    } catch (IOException e) {
      // The master re-executes on reload and may close the connection before answering.
      LOG.debug("{}: reload command: {}", describe(), e.getMessage());
    }
    long deadline = System.nanoTime() + timeouts.reload().toNanos();
    String lastError = "no answer yet";
    while (System.nanoTime() < deadline) {
      try {
        Optional<ProcessList> parsed = ProcessList.parse(master.send("show proc"));
        if (parsed.isPresent()) {
          ProcessList after = parsed.get();
          if (after.failedReloads() > before.failedReloads()) {
            return new ReloadOutcome(ReloadKind.FAILED, after, null, "");
          }
          Optional<Long> newWorker = after.newWorkerSince(before);
          if (after.reloads() > before.reloads() && newWorker.isPresent()) {
            return new ReloadOutcome(ReloadKind.SUCCEEDED, after, newWorker.get(), "");
          }
          lastError = "show proc: " + after.reloads() + " reloads, " + after.failedReloads() + " failed";
        }
      } catch (IOException e) {
        lastError = e.getMessage();
        if (masterVisible && ProcessHandle.of(before.masterPid()).map(ProcessHandle::isAlive).orElse(false) == false) {
          return new ReloadOutcome(ReloadKind.MASTER_GONE, null, null, lastError);
        }
      }
      sleep(timeouts.reloadPoll());
    }
    return new ReloadOutcome(ReloadKind.TIMED_OUT, null, null, lastError);
  }

  @Override
  public Map<String, String> storedFiles(FileKind kind) throws TargetException {
    Optional<Path> directory = haproxy.storageFor(kind);
    Map<String, String> files = new TreeMap<>();
    if (directory.isEmpty()) {
      return files;
    }
    try (Stream<Path> listing = Files.list(directory.get())) {
      listing.filter(Files::isRegularFile)
          .filter(path -> !path.getFileName().toString().startsWith(AtomicFiles.TEMPORARY_PREFIX))
          .forEach(path -> files.put(path.getFileName().toString(), path.toAbsolutePath().toString()));
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, describe() + ": cannot list " + directory.get() + ": " + e.getMessage());
    }
    return files;
  }

  @Override
  public void storeFile(FileKind kind, String name, byte[] content, boolean exists) throws TargetException {
    Path file = storagePath(kind, name);
    try {
      // A certificate file holds its private key: readable by its owner only.
      AtomicFiles.write(file, content, PosixFilePermissions.fromString(
          kind == FileKind.SSLCertificate ? "rw-------" : "rw-r--r--"), null);
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, describe() + ": cannot write " + file + ": " + e.getMessage());
    }
  }

  @Override
  public void deleteStoredFile(FileKind kind, String name) throws TargetException {
    Path file = storagePath(kind, name);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, describe() + ": cannot delete " + file + ": " + e.getMessage());
    }
  }

  /** Where a file of {@code kind} named {@code name} goes; never outside the declared directory. */
  private Path storagePath(FileKind kind, String name) throws FileRejectedException {
    Path directory = haproxy.storageFor(kind).orElseThrow(() -> new FileRejectedException(describe()
        + " declares no directory for " + kind + " files, so " + name + " cannot be put on it"));
    Path file = directory.resolve(name).normalize();
    if (name.isEmpty() || name.startsWith(".") || !directory.normalize().equals(file.getParent())) {
      throw new FileRejectedException(describe() + ": " + name + " is not a plain file name");
    }
    return file;
  }

  private ProcessList showProc() throws TargetException {
    String answer;
    try {
      answer = master.send("show proc");
    } catch (IOException e) {
      throw new TargetUnreachableException("cannot reach the master socket " + master.socket() + " of " + describe()
          + ": " + describeIoFailure(e), e);
    }
    return ProcessList.parse(answer).orElseThrow(() -> new UnexpectedResponseException(0, "the socket "
        + master.socket() + " of " + describe() + " is not an HAProxy master CLI (show proc answered: "
        + HAProxyErrors.abbreviate(answer) + ")"));
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

  private void write(byte[] config, FileTime modified) throws TargetException {
    try {
      AtomicFiles.write(haproxy.configFile(), config, PosixFilePermissions.fromString("rw-r-----"), modified);
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

  private long masterLogSize() {
    return haproxy.masterLog().map(log -> {
      try {
        return Files.size(log);
      } catch (IOException e) {
        return 0L;
      }
    }).orElse(0L);
  }

  /** ": HAProxy's first alert" from what the master logged since {@code offset}, or a hint where to find it. */
  private String reasonFromLog(long offset) {
    if (haproxy.masterLog().isEmpty()) {
      return " (HAProxy gives the reason only in its master's log: declare masterLog to see it here)";
    }
    Path log = haproxy.masterLog().get();
    try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(log)) {
      long size = channel.size();
      long start = size < offset ? 0 : Math.max(offset, size - MAX_LOG_READ);
      channel.position(start);
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - start));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read what the master wrote since the reload began
      }
      String logged = new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
      String summary = HAProxyErrors.summary(alertsOnly(logged));
      return summary.isEmpty() ? " (nothing in " + log + ")" : summary;
    } catch (IOException e) {
      return " (cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static final long MAX_LOG_READ = 64 * 1024;

  private static String alertsOnly(String logged) {
    return logged.lines().filter(line -> line.contains("[ALERT]"))
        .filter(line -> !line.contains("exit code") && !line.contains("Reexecuting Master process"))
        .reduce("", (a, b) -> a + b + "\n");
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

  private static void sleep(Duration duration) throws TargetUnreachableException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnreachableException("interrupted while waiting for a reload", e);
    }
  }
}
