package dev.gitops.haproxy.pipeline;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A file that must be on every target before the config is validated.
 *
 * @param content the bytes to store; a certificate's include its private key, so this record never
 *     prints them
 * @param hash sha256 of {@code content}, what decides whether a target has the file already
 * @param notAfter for a certificate, when it expires
 */
public record DesiredFile(String name, FileKind kind, byte[] content, String hash, Optional<Instant> notAfter) {

  public DesiredFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(notAfter, "notAfter");
  }

  public static DesiredFile of(String name, FileKind kind, byte[] content, Optional<Instant> notAfter) {
    return new DesiredFile(name, kind, content, ConfigHash.of(content), notAfter);
  }

  /**
   * One hash for a set of files, names, kinds and contents, in any order; null for no files (so a
   * config without files compares as before files existed).
   */
  public static String digest(List<DesiredFile> files) {
    if (files.isEmpty()) {
      return null;
    }
    return ConfigHash.of(files.stream()
        .map(file -> file.kind() + "/" + file.name() + "=" + file.hash() + "\n")
        .sorted()
        .collect(Collectors.joining()));
  }

  /** This file as stored at {@code path} on a target. */
  public FileStatus storedAt(String path) {
    return new FileStatus(name, kind, hash, path, null, null);
  }

  public boolean sameFileAs(FileStatus stored) {
    return stored.is(name, kind);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DesiredFile other && name.equals(other.name) && kind == other.kind && hash.equals(other.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, hash);
  }

  @Override
  public String toString() {
    return "DesiredFile[" + kind + " " + name + ", " + hash + "]";
  }
}
