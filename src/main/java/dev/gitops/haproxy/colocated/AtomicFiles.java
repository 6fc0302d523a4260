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

  private AtomicFiles() {
  }

  /**
   * Writes {@code content} to {@code file}, keeping the permissions of the file it replaces, or
   * giving {@code permissionsOfNew} to a new one.
   *
   * @param modified the modification time to give the file, or null for now
   */
  static void write(Path file, byte[] content, Set<PosixFilePermission> permissionsOfNew, FileTime modified)
      throws IOException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (NoSuchFileException e) {
      permissions = permissionsOfNew;
    }
    Path temporary = file.resolveSibling(TEMPORARY_PREFIX + file.getFileName() + "." + UUID.randomUUID());
    try {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(permissions));
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
