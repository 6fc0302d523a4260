package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.colocated.StorageDirectories;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.target.ConfigValidator;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code haproxy -c} once the files are where haproxy.cfg names them: written into the directories
 * of --storage as a co-located HAProxy's storage is written, with the same name checks. Afterwards
 * every directory holds what it held before, pass or fail: a gate leaves no certificate behind on
 * a runner and no unvalidated map where a running HAProxy could read it at its next reload.
 */
final class StagedCheck implements ConfigValidator {

  /** How to put one staged file back as it was. */
  private interface Undo {
    void run() throws TargetException;
  }

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
    Deque<Undo> undos = new ArrayDeque<>();
    try {
      for (DesiredFile file : files) {
        Optional<byte[]> before = contentOf(file);
        storage.store(file.kind(), file.name(), file.content());
        undos.push(before.isPresent()
            ? () -> storage.store(file.kind(), file.name(), before.get())
            : () -> storage.delete(file.kind(), file.name()));
      }
      check.validate(config);
    } finally {
      restore(undos);
    }
  }

  /** Undoes every write, newest first; the first that fails is reported once all were tried. */
  private static void restore(Deque<Undo> undos) throws TargetException {
    TargetException first = null;
    while (!undos.isEmpty()) {
      try {
        undos.pop().run();
      } catch (TargetException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private Optional<byte[]> contentOf(DesiredFile file) throws TargetException {
    String path = storage.list(file.kind()).get(file.name());
    if (path == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(Path.of(path)));
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, storage.owner() + ": cannot read " + path + " to put it back "
          + "afterwards: " + e.getMessage());
    }
  }

  @Override
  public String describe() {
    return check.describe();
  }
}
