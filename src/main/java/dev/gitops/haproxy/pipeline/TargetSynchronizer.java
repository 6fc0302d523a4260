package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.ReloadFailedException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one target to the desired config: detect (is it already there, files included?), store
 * the files the config needs, validate, apply and confirm the reload, then remove files the
 * operator stored before and the config no longer uses. Shared by every run mode; it knows nothing
 * about Kubernetes.
 */
public final class TargetSynchronizer implements TargetPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(TargetSynchronizer.class);
  private static final String WARN_LEAVES_IT = "driftPolicy Warn leaves it so";

  @Override
  public TargetResult check(TargetWork work, DesiredConfig desired) {
    Optional<AppliedRecord> last = work.lastApplied();
    FilesOnTarget files = new FilesOnTarget(work.files());
    try {
      TargetFingerprint current = work.target().fingerprint();
      Optional<String> owner = work.claim().heldByAnother(work.target());
      if (owner.isPresent()) {
        LOG.warn("target {}: not written, its load balancer belongs to {}", work.name(), owner.get());
        TargetResult conflict = TargetResult.conflict(work.name(), owner.get(), last.orElse(null))
            .withFiles(files.list());
        // A config held back here stays held back: the conflict says nothing new about it.
        return work.holdsBack(desired) ? conflict.withRolledBackFrom(work.rolledBackFrom().orElseThrow()) : conflict;
      }
      if (work.holdsBack(desired)) {
        return heldBack(work, current).withFiles(files.list());
      }
      Map<FileKind, Map<String, String>> stored = storedFiles(work.target(), kindsOf(desired.files(), work.files()));
      FilePlan plan = FilePlan.of(desired.files(), work.files(), stored);
      // Files count as loaded only once a config was applied with them: a file uploaded for an
      // apply that then failed is on disk, but HAProxy has not read it.
      boolean appliedDesiredConfig = last.isPresent() && desired.hash().equals(last.get().hash())
          && Objects.equals(DesiredFile.digest(desired.files()), last.get().filesHash());
      String drift = null;
      if (appliedDesiredConfig && !current.sameConfigAs(last.get().fingerprint())) {
        drift = current.changesSince(last.get().fingerprint());
        switch (work.driftPolicy()) {
          case Ignore -> {
            current = last.get().fingerprint();
            drift = null;
          }
          case Warn -> {
            LOG.warn("target {}: drifted from {} ({}); driftPolicy Warn leaves it", work.name(), desired.hash(), drift);
            return TargetResult.drifted(work.name(), last.get(), drift, WARN_LEAVES_IT).withFiles(files.list());
          }
          case Correct -> LOG.warn("target {}: drifted from {} ({}); applying it again", work.name(), desired.hash(),
              drift);
        }
      }
      if (appliedDesiredConfig && current.sameConfigAs(last.get().fingerprint()) && plan.uploads().isEmpty()) {
        // The running config is the desired one; files it no longer lists can go now.
        removeStaleFiles(work, desired, plan.stale(), files);
        return TargetResult.inSync(work.name(), desired.hash(), current).withFiles(files.list());
      }
      for (FilePlan.Upload upload : plan.uploads()) {
        DesiredFile file = upload.file();
        work.target().storeFile(file.kind(), file.name(), file.content(), upload.exists());
        LOG.info("target {}: stored {} {} ({})", work.name(), file.kind(), file.name(), file.hash());
        files.put(file.storedAt(stored.getOrDefault(file.kind(), Map.of()).get(file.name())));
      }
      if (!plan.uploads().isEmpty()) {
        files.refreshPaths(storedFiles(work.target(), kindsOf(desired.files(), List.of())));
      }
      work.target().validate(desired.content());
      TargetResult validated = TargetResult.validated(work.name(), desired.hash(), last.orElse(null))
          .withFiles(files.list());
      return drift == null ? validated : validated.withDrift(drift);
    } catch (TargetException | RuntimeException e) {
      return failed(work, desired, e).withFiles(files.list());
    }
  }

  @Override
  public TargetResult apply(TargetWork work, DesiredConfig desired) {
    FilesOnTarget files = new FilesOnTarget(work.files());
    desired.files().forEach(file -> files.put(file.storedAt(null)));
    try {
      ApplyResult applied = work.target().apply(desired.content());
      LOG.info("target {}: applied {} (configuration version {}, reload {}, {} ms)", work.name(), desired.hash(),
          applied.fingerprint().version(), applied.reloadId(), applied.reloadTime().toMillis());
      removeStaleFiles(work, desired, files);
      return TargetResult.applied(work.name(), desired.hash(), applied.fingerprint(), applied.reloadId(),
          applied.reloadTime()).withFiles(files.list());
    } catch (ReloadFailedException e) {
      return rollBack(work, desired, e).withFiles(files.list());
    } catch (TargetException | RuntimeException e) {
      return failed(work, desired, e).withFiles(files.list());
    }
  }

  /**
   * HAProxy did not reload with {@code desired}. Both kinds of target leave it running its previous
   * workers with the previous file in place; applying the last known good config again makes that
   * a verified state, with a fingerprint to check for drift, whatever the previous file was.
   */
  private static TargetResult rollBack(TargetWork work, DesiredConfig desired, ReloadFailedException failure) {
    // Only to the config this target itself ran last: another would be a config it never ran (a
    // target added since) or an older one than it had (after a Parallel rollout that failed elsewhere).
    Optional<DesiredConfig> lastKnownGood = work.rollbackTo()
        .filter(good -> failure.reloaded())
        .filter(good -> !good.hash().equals(desired.hash()))
        .filter(good -> work.lastApplied().filter(last -> last.hash().equals(good.hash())).isPresent());
    if (lastKnownGood.isEmpty()) {
      return failed(work, desired, failure);
    }
    DesiredConfig good = lastKnownGood.get();
    try {
      ApplyResult restored = work.target().apply(good.content());
      LOG.warn("target {}: reload of {} failed; rolled back to {} (configuration version {}, {} ms)", work.name(),
          desired.hash(), good.hash(), restored.fingerprint().version(), restored.reloadTime().toMillis());
      return TargetResult.rolledBack(work.name(), desired.hash(), failure.getMessage(), good.hash(), restored);
    } catch (TargetException | RuntimeException e) {
      LOG.warn("target {}: reload of {} failed, and so did the rollback to {}: {}", work.name(), desired.hash(),
          good.hash(), e.getMessage());
      TargetResult failed = failed(work, desired, failure);
      return failed.withMessage(failed.message() + "; rolling back to " + good.hash() + " failed too: "
          + e.getMessage());
    }
  }

  /**
   * The target was rolled back from the desired config, which has not changed since: it is not
   * applied again. One read tells whether it still runs what the rollback left; if not, that is
   * drift from the last known good config, handled by the drift policy.
   */
  private static TargetResult heldBack(TargetWork work, TargetFingerprint current) throws TargetException {
    String failed = work.rolledBackFrom().orElseThrow();
    Optional<AppliedRecord> last = work.lastApplied();
    if (last.isEmpty() || current.sameConfigAs(last.get().fingerprint())) {
      return TargetResult.heldBack(work.name(), failed, last.map(AppliedRecord::hash).orElse(null), current);
    }
    AppliedRecord record = last.get();
    String drift = current.changesSince(record.fingerprint());
    Optional<DesiredConfig> good = work.rollbackTo().filter(g -> g.hash().equals(record.hash()));
    return switch (work.driftPolicy()) {
      case Ignore -> TargetResult.heldBack(work.name(), failed, record.hash(), record.fingerprint());
      case Warn -> TargetResult.drifted(work.name(), record, drift, WARN_LEAVES_IT).withRolledBackFrom(failed);
      case Correct -> {
        if (good.isEmpty()) {
          yield TargetResult.drifted(work.name(), record, drift, "its content is not kept as the last known good "
              + "config, so it cannot be applied again").withRolledBackFrom(failed);
        }
        ApplyResult restored = work.target().apply(good.get().content());
        LOG.warn("target {}: drifted from {} ({}); applied it again", work.name(), record.hash(), drift);
        yield TargetResult.heldBack(work.name(), failed, record.hash(), restored.fingerprint()).withDrift(drift);
      }
    };
  }

  /** Both steps, for a single target (local mode, the apply command). */
  public TargetResult sync(TargetWork work, DesiredConfig desired) {
    TargetResult checked = check(work, desired);
    return checked.outcome() == Outcome.VALIDATED ? apply(work, checked, desired) : checked;
  }

  /**
   * Removes what the operator stored before and the applied config no longer lists. Only now,
   * with that config running: before, the running config might still use them. Best effort: the
   * config is applied whatever happens here, and a file that cannot be removed stays recorded, so
   * the next rollout tries again.
   */
  private static void removeStaleFiles(TargetWork work, DesiredConfig desired, FilesOnTarget files) {
    Map<FileKind, Map<String, String>> stored;
    try {
      stored = storedFiles(work.target(), kindsOf(desired.files(), work.files()));
    } catch (TargetException e) {
      LOG.warn("target {}: cannot list its files to remove unused ones yet: {}", work.name(), e.getMessage());
      return;
    }
    files.refreshPaths(stored);
    removeStaleFiles(work, desired, FilePlan.of(desired.files(), work.files(), stored).stale(), files);
    // Recorded files someone else removed from the target are forgotten.
    work.files().stream()
        .filter(r -> desired.files().stream().noneMatch(d -> d.sameFileAs(r)))
        .filter(r -> !stored.getOrDefault(r.kind(), Map.of()).containsKey(r.name()))
        .forEach(files::remove);
  }

  private static void removeStaleFiles(TargetWork work, DesiredConfig desired, List<FileStatus> stale,
      FilesOnTarget files) {
    for (FileStatus file : stale) {
      // Dropped from spec.files but still named in haproxy.cfg (e.g. through crt-base): deleting it
      // would break HAProxy's next reload. It stays until the config stops naming it.
      if (desired.mentions(file.name())) {
        LOG.warn("target {}: keeping {} {}: spec.files no longer lists it, but haproxy.cfg still names it",
            work.name(), file.kind(), file.name());
        continue;
      }
      try {
        work.target().deleteStoredFile(file.kind(), file.name());
        files.remove(file);
        LOG.info("target {}: removed {} {}, which the config no longer lists", work.name(), file.kind(), file.name());
      } catch (TargetException e) {
        LOG.warn("target {}: could not remove {} {} yet: {}", work.name(), file.kind(), file.name(), e.getMessage());
      }
    }
  }

  private static Set<FileKind> kindsOf(List<DesiredFile> desired, List<FileStatus> recorded) {
    Set<FileKind> kinds = EnumSet.noneOf(FileKind.class);
    desired.forEach(file -> kinds.add(file.kind()));
    recorded.forEach(file -> kinds.add(file.kind()));
    return kinds;
  }

  private static Map<FileKind, Map<String, String>> storedFiles(LoadBalancer target, Set<FileKind> kinds)
      throws TargetException {
    Map<FileKind, Map<String, String>> stored = new EnumMap<>(FileKind.class);
    for (FileKind kind : kinds) {
      stored.put(kind, target.storedFiles(kind));
    }
    return stored;
  }

  private static TargetResult failed(TargetWork work, DesiredConfig desired, Exception e) {
    // A RuntimeException here is a bug or an answer nobody anticipated; it still becomes a
    // reported, retried outcome instead of a reconcile that ends without a status.
    Outcome outcome = e instanceof TargetException dataplane ? Outcome.of(dataplane) : Outcome.UNEXPECTED_RESPONSE;
    String message = e instanceof TargetException ? e.getMessage()
        : "unexpected error talking to " + work.target().describe() + ": " + e;
    LOG.info("target {}: {} for {}: {}", work.name(), outcome, desired.hash(), message);
    TargetResult failed = TargetResult.failed(work.name(), outcome, message, work.lastApplied().orElse(null),
        e instanceof ConfigRejectedException rejected ? rejected.errors() : null);
    return work.holdsBack(desired) ? failed.withRolledBackFrom(work.rolledBackFrom().orElseThrow()) : failed;
  }

  /** The files the operator has stored on one target, as it goes: what its status records. */
  private static final class FilesOnTarget {

    private final List<FileStatus> files;

    FilesOnTarget(List<FileStatus> recorded) {
      this.files = new ArrayList<>(recorded);
    }

    void put(FileStatus file) {
      Optional<FileStatus> old = find(file);
      old.ifPresent(files::remove);
      String path = file.path() != null ? file.path() : old.map(FileStatus::path).orElse(null);
      files.add(file.onTarget(path));
    }

    void remove(FileStatus file) {
      find(file).ifPresent(files::remove);
    }

    /** Paths come from the target's own listing: its storage directories are its configuration. */
    void refreshPaths(Map<FileKind, Map<String, String>> stored) {
      List.copyOf(files).forEach(file -> {
        String path = stored.getOrDefault(file.kind(), Map.of()).get(file.name());
        if (path != null) {
          put(file.onTarget(path));
        }
      });
    }

    List<FileStatus> list() {
      return files.stream()
          .sorted(Comparator.comparing(FileStatus::kind).thenComparing(FileStatus::name))
          .toList();
    }

    private Optional<FileStatus> find(FileStatus file) {
      return files.stream().filter(f -> f.is(file.name(), file.kind())).findFirst();
    }
  }
}
