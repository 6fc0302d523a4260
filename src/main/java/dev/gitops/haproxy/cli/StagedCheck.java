package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.colocated.StorageDirectories;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.target.ConfigValidator;
import dev.gitops.haproxy.target.TargetException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * {@code haproxy -c} once the files are where haproxy.cfg names them: written into the directories
 * of --storage as a co-located HAProxy's storage is written, with the same name and link checks.
 * Afterwards every directory holds what it held before, pass or fail, also when the command is
 * stopped by a signal during the check (a pipeline's timeout): a gate leaves no private key behind
 * on a runner and no unvalidated map where a running HAProxy could read it at its next reload.
 */
final class StagedCheck implements ConfigValidator {

  private final ConfigValidator check;
  private final StorageDirectories storage;
  private final List<DesiredFile> files;

  StagedCheck(ConfigValidator check, StorageDirectories storage, List<DesiredFile> files) {
    this.check = check;
    this.storage = storage;
    this.files = List.copyOf(files);
  }

  @Override
  public void validate(byte[] config) throws TargetException {
    Staged staged = new Staged();
    Thread onSignal = new Thread(staged::unstageAll, "put-back-staged-files");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      try {
        for (DesiredFile file : files) {
          staged.add(storage.stage(file.kind(), file.name(), file.content()));
        }
        check.validate(config);
      } catch (TargetException | RuntimeException e) {
        // The verdict is what the command reports; a failure to put a file back is logged and added to it.
        staged.unstageAll().ifPresent(e::addSuppressed);
        throw e;
      }
      Optional<TargetException> failure = staged.unstageAll();
      if (failure.isPresent()) {
        throw failure.get();
      }
    } finally {
      removeHook(onSignal);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs, or has run, and puts the files back itself
    }
  }

  @Override
  public String describe() {
    return check.describe();
  }

  /** What was staged, put back once, newest first, by the command or by the shutdown hook. */
  private static final class Staged {
    private final Deque<StorageDirectories.Unstage> unstages = new ArrayDeque<>();

    synchronized void add(StorageDirectories.Unstage unstage) {
      unstages.push(unstage);
    }

    /** Puts back every file it can; the first failure, once all were tried. */
    synchronized Optional<TargetException> unstageAll() {
      TargetException first = null;
      while (!unstages.isEmpty()) {
        try {
          unstages.pop().run();
        } catch (TargetException e) {
          LoggerFactory.getLogger(StagedCheck.class).warn("{}", e.getMessage());
          first = first == null ? e : first;
        } catch (RuntimeException e) {
          LoggerFactory.getLogger(StagedCheck.class).warn("putting a staged file back failed: {}", e.toString());
        }
      }
      return Optional.ofNullable(first);
    }
  }
}
