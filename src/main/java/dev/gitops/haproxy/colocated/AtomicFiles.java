package dev.gitops.haproxy.colocated;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Replaces files so that a reader (HAProxy at a reload or restart) sees the old content or the new
 * one, never half of it: write a temporary file in the same directory, flush it to disk, rename it
 * over the original.
 */
final class AtomicFiles {

  /** Prefix of the temporary files, which listings of a storage directory skip. */
  static final String TEMPORARY_PREFIX = ".haproxy-operator-";
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-r-----");
  static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {
  }

  /**
   * Writes {@code content} to {@code file}.
   *
   * @param permissions of the file written
   * @param keepExisting whether the permissions of a file it replaces win over {@code permissions}
   * @param modified the modification time to give the file, or null for now
   */
  /**
   * The file a write to {@code link} replaces: through a symlink, not over it, so an administrator's
   * link keeps pointing at the file. The callers (StorageDirectories) refuse a link that leads out
   * of its directory before this.
   */
  static Path writtenThrough(Path link) throws IOException {
    return Files.isSymbolicLink(link) ? link.toRealPath() : link;
  }

  /**
   * A second name for {@code file}, in its directory and skipped by listings, under which it stays
   * itself (a hard link: content, mode, owner and time) while its name is given new content; a
   * copy with its attributes where the file system has no hard links.
   */
  static Path keep(Path file) throws IOException {
    Path kept = temporarySibling(file, "kept-");
    try {
      Files.createLink(kept, file);
    } catch (IOException | UnsupportedOperationException noHardLinks) {
      Files.copy(file, kept, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return kept;
  }

  /** A unique name next to {@code file} that starts with {@link #TEMPORARY_PREFIX}. */
  private static Path temporarySibling(Path file, String purpose) {
    return file.resolveSibling(TEMPORARY_PREFIX + purpose + file.getFileName() + "." + UUID.randomUUID());
  }

  static void write(Path link, byte[] content, Set<PosixFilePermission> permissions, boolean keepExisting,
      FileTime modified) throws IOException {
    Path file = writtenThrough(link);
    if (keepExisting) {
      try {
        permissions = Files.getPosixFilePermissions(file);
      } catch (NoSuchFileException e) {
        // a new file: the permissions given
      }
    }
    Path temporary = temporarySibling(file, "");
    try {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(permissions));
      // Exactly these, whatever the umask took away.
      Files.setPosixFilePermissions(temporary, permissions);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (modified != null) {
        Files.setLastModifiedTime(temporary, modified);
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + file + " atomically: " + e.getMessage(), e);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
