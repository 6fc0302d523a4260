package dev.gitops.haproxy.local;

import dev.gitops.haproxy.pipeline.AppliedRecord;
import dev.gitops.haproxy.pipeline.Backoff;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import dev.gitops.haproxy.pipeline.TargetWork;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Local mode: every saved change of one haproxy.cfg goes through the same detect, validate, apply
 * and verify pipeline as in k8s mode, against one load balancer; results go to the terminal.
 */
public final class LocalMode implements AutoCloseable {

  /** Long enough to merge an editor's write-rename-chmod burst, short enough to feel instant. */
  public static final Duration DEBOUNCE = Duration.ofMillis(100);
  /** As long as one apply may take: the Data Plane API's reload wait plus the request time. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(90);

  private final Path file;
  private final LoadBalancer target;
  private final TargetSynchronizer synchronizer;
  private final OutcomeReporter reporter;
  private final Backoff backoff;
  private final ScheduledExecutorService worker;
  private ConfigFileWatcher watcher;

  private String lastHandledHash;
  private AppliedRecord lastApplied;
  private boolean reportedMissing;
  private int failures;
  private String failingHash;
  private ScheduledFuture<?> retry;

  public LocalMode(Path file, LoadBalancer target, TargetSynchronizer synchronizer, OutcomeReporter reporter,
      Backoff backoff) {
    this.file = file.toAbsolutePath().normalize();
    this.target = target;
    this.synchronizer = synchronizer;
    this.reporter = reporter;
    this.backoff = backoff;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "local-mode");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Handles the file as it is now, then every settled change. */
  public LocalMode start() throws IOException {
    watcher = new ConfigFileWatcher(file, DEBOUNCE, () -> worker.execute(this::handleChange));
    worker.execute(this::handleChange);
    return this;
  }

  private void handleChange() {
    byte[] content;
    if (worker.isShutdown()) {
      return;
    }
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      if (!reportedMissing) {
        reporter.waiting(file);
        reportedMissing = true;
      }
      return;
    } catch (IOException e) {
      reporter.unreadable(file, e.getMessage());
      return;
    }
    reportedMissing = false;
    DesiredConfig desired = DesiredConfig.of(content);
    if (desired.hash().equals(lastHandledHash)) {
      return;
    }
    if (DesiredConfig.isBlank(content)) {
      lastHandledHash = desired.hash();
      reporter.empty(file);
      return;
    }
    cancelRetry();
    if (!desired.hash().equals(failingHash)) {
      failures = 0;
    }
    TargetResult result = synchronizer.sync(
        new TargetWork(file.getFileName().toString(), target, Optional.ofNullable(lastApplied)), desired);
    boolean transientFailure = result.outcome().isTransient();
    if (result.outcome().runsDesiredConfig()) {
      lastApplied = new AppliedRecord(desired.hash(), result.fingerprint());
    }
    if (transientFailure) {
      failingHash = desired.hash();
      Duration delay = backoff.after(++failures);
      reporter.report(desired.hash(), result, delay);
      if (!worker.isShutdown()) {
        retry = worker.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    } else {
      failures = 0;
      failingHash = null;
      lastHandledHash = desired.hash();
      reporter.report(desired.hash(), result, Duration.ZERO);
    }
  }

  private void retry() {
    retry = null;
    handleChange();
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }

  /** Stops watching; an apply in progress finishes (and is reported) before this returns. */
  @Override
  public void close() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
