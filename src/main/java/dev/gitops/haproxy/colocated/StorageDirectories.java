package dev.gitops.haproxy.colocated;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.target.FileRejectedException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.UnexpectedResponseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The directories files of spec.files are written to on this host, one per kind: a co-located
 * HAProxy's, or those an offline {@code validate} stages into. A file goes only directly into the
 * directory of its kind, written atomically, and never replaces one of HAProxy's own files.
 *
 * @param owner what the directories belong to, for messages
 * @param ownFiles HAProxy's own files (its config, socket, log), which a stored file never replaces
 */
public record StorageDirectories(String owner, Map<FileKind, Path> directories, List<Path> ownFiles) {

  public StorageDirectories {
    directories = Map.copyOf(directories);
    ownFiles = List.copyOf(ownFiles);
  }

  /** The files stored for {@code kind}: file name to absolute path. */
  public Map<String, String> list(FileKind kind) throws TargetException {
    Optional<Path> directory = Optional.ofNullable(directories.get(kind));
    Map<String, String> files = new TreeMap<>();
    if (directory.isEmpty()) {
      return files;
    }
    try (Stream<Path> listing = Files.list(directory.get())) {
      listing.filter(Files::isRegularFile)
          .filter(path -> !path.getFileName().toString().startsWith(AtomicFiles.TEMPORARY_PREFIX))
          .forEach(path -> files.put(path.getFileName().toString(), path.toAbsolutePath().toString()));
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, owner + ": cannot list " + directory.get() + ": " + e.getMessage());
    }
    return files;
  }

  public void store(FileKind kind, String name, byte[] content) throws TargetException {
    Path file = pathOf(kind, name);
    try {
      if (kind == FileKind.SSLCertificate) {
        // It holds a private key: readable by its owner only, whatever the file it replaces allowed.
        AtomicFiles.write(file, content, AtomicFiles.OWNER_ONLY, false, null);
      } else {
        AtomicFiles.write(file, content, AtomicFiles.WORLD_READABLE, true, null);
      }
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, owner + ": cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Puts back what a {@link #stage staged} file replaced. */
  public interface Unstage {
    void run() throws TargetException;
  }

  /**
   * Stores a file for a check only, and returns how to put the directory back: the file it
   * replaced comes back itself (kept under a hard link meanwhile, so its mode, owner and time
   * too), or the staged file is deleted when there was none.
   */
  public Unstage stage(FileKind kind, String name, byte[] content) throws TargetException {
    Path file = pathOf(kind, name);
    Path original;
    Path kept;
    try {
      // A link within the directory is written through, by store too: keep what it points at.
      original = AtomicFiles.writtenThrough(file);
      kept = Files.exists(original) ? AtomicFiles.keep(original) : null;
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, owner + ": cannot keep " + file + " to put it back afterwards: "
          + e.getMessage());
    }
    try {
      store(kind, name, content);
    } catch (TargetException | RuntimeException e) {
      if (kept != null) {
        deleteQuietly(kept);
      }
      throw e;
    }
    if (kept == null) {
      return () -> delete(kind, name);
    }
    return () -> {
      try {
        Files.move(kept, original, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UnexpectedResponseException(0, owner + ": cannot put " + original + " back (kept as " + kept
            + "): " + e.getMessage());
      }
    };
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the original is untouched; a leftover under the temporary prefix is skipped by listings
    }
  }

  public void delete(FileKind kind, String name) throws TargetException {
    Path file = pathOf(kind, name);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UnexpectedResponseException(0, owner + ": cannot delete " + file + ": " + e.getMessage());
    }
  }

  /** Where a file of {@code kind} named {@code name} goes; never outside the declared directory. */
  private Path pathOf(FileKind kind, String name) throws FileRejectedException {
    Path directory = Optional.ofNullable(directories.get(kind)).orElseThrow(() -> new FileRejectedException(owner
        + " declares no directory for " + kind + " files, so " + name + " cannot be put on it"));
    Path file = directory.resolve(name).normalize();
    if (name.isEmpty() || name.startsWith(".") || !directory.normalize().equals(file.getParent())) {
      throw new FileRejectedException(owner + ": " + name + " is not a plain file name");
    }
    // Writing follows a link that is already there: one that leads out of the directory would
    // put the file wherever it points.
    if (Files.isSymbolicLink(file) && !linksWithin(directory, file)) {
      throw new FileRejectedException(owner + ": " + name + " in " + directory + " is a link that leads out of "
          + "the directory, which a stored file never follows");
    }
    // A storage directory may hold HAProxy's own files: a file of spec.files never replaces them,
    // also not through a link.
    if (ownFiles.stream().anyMatch(own -> own.equals(file) || sameFile(own, file))) {
      throw new FileRejectedException(owner + ": " + name + " in " + directory + " is one of HAProxy's own "
          + "files (its config, socket or log), which spec.files never replaces");
    }
    return file;
  }

  private static boolean linksWithin(Path directory, Path link) {
    try {
      return link.toRealPath().getParent().equals(directory.toRealPath());
    } catch (IOException danglingOrUnreadable) {
      return false;
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
