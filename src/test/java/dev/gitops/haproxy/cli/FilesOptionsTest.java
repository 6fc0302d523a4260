package dev.gitops.haproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --storage is refused where it would be ignored. Neither target below exists: had the command
 * gone on, it would have exited 3 (unreachable) or 1 (no haproxy binary), not 2.
 */
class FilesOptionsTest {

  @TempDir
  Path directory;

  private String config() throws IOException {
    return Files.writeString(directory.resolve("haproxy.cfg"), TestConfigs.respondingWith(8080, "ok")).toString();
  }

  private String filesDir() throws IOException {
    Path files = Files.createDirectories(directory.resolve("files/Map"));
    Files.writeString(files.resolve("hosts.map"), "example.com be\n");
    return files.getParent().toString();
  }

  /** An haproxy for --haproxy-bin that runs {@code script} instead of checking anything. */
  private Path haproxy(String script) throws IOException {
    Path haproxy = Files.writeString(directory.resolve("haproxy"), "#!/bin/sh\n" + script);
    haproxy.toFile().setExecutable(true);
    return haproxy;
  }

  @Test
  void storageWithADataplaneTargetIsAUsageError() throws IOException {
    Path maps = Files.createDirectories(directory.resolve("maps"));

    CommandRun run = CommandRun.of("validate", config(), "--files-dir", filesDir(), "--storage", "Map=" + maps,
        "--dataplane-url", "http://127.0.0.1:1");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--storage names a co-located HAProxy's directories");
    assertThat(maps).isEmptyDirectory();
  }

  @Test
  void aStorageDirectoryThatDoesNotExistIsAUsageError() throws IOException {
    CommandRun run = CommandRun.of("validate", config(), "--files-dir", filesDir(), "--storage",
        "Map=" + directory.resolve("mpas"), "--offline", "--haproxy-bin", directory.resolve("no-haproxy").toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--storage: Map=" + directory.resolve("mpas") + " is not a directory");
  }

  @Test
  void storageWithoutFilesDirIsAUsageError() throws IOException {
    CommandRun run = CommandRun.of("validate", config(), "--storage", "Map=" + directory.resolve("maps"), "--offline",
        "--haproxy-bin", directory.resolve("no-haproxy").toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--storage says where the files of --files-dir go; no --files-dir was given");
  }

  /**
   * An haproxy that only records the staged map proves the file was there while it checked; once
   * it has run, the directory holds what it held before.
   */
  @Test
  void offlineTheFilesAreStagedForTheCheckAndPutBackAfterwards() throws IOException {
    Path maps = Files.createDirectories(directory.resolve("maps"));
    Files.writeString(maps.resolve("hosts.map"), "before.example be\n");
    Path extra = Files.createDirectories(directory.resolve("files/Map")).resolve("new.map");
    Files.writeString(extra, "new.example be\n");
    Path seen = directory.resolve("seen");
    Path haproxy = haproxy("cat '" + maps + "/hosts.map' '" + maps + "/new.map' > '" + seen + "'\n");

    CommandRun run = CommandRun.of("validate", config(), "--files-dir", filesDir(), "--storage", "Map=" + maps,
        "--offline", "--haproxy-bin", haproxy.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(seen).hasContent("example.com be\nnew.example be");
    assertThat(maps.resolve("hosts.map")).hasContent("before.example be");
    assertThat(maps.resolve("new.map")).doesNotExist();
  }

  /** Rejected or not, the file that was replaced comes back itself: same inode, mode and content. */
  @Test
  void aRejectedConfigLeavesTheOriginalFileItselfInPlace() throws IOException {
    Path maps = Files.createDirectories(directory.resolve("maps"));
    Path original = Files.writeString(maps.resolve("hosts.map"), "before.example be\n");
    Files.setPosixFilePermissions(original, PosixFilePermissions.fromString("rw-r-----"));
    Object inode = Files.readAttributes(original, BasicFileAttributes.class).fileKey();
    Path seen = directory.resolve("seen");
    Path haproxy = haproxy("cat '" + original + "' > '" + seen + "'\n"
        + "echo \"[ALERT]    (1) : config : parsing [$3:3] : unknown keyword 'bogus' in 'global' section\" >&2\n"
        + "exit 1\n");

    CommandRun run = CommandRun.of("validate", config(), "--files-dir", filesDir(), "--storage", "Map=" + maps,
        "--offline", "--haproxy-bin", haproxy.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).startsWith("invalid: ");
    assertThat(seen).hasContent("example.com be");
    assertThat(original).hasContent("before.example be");
    assertThat(Files.readAttributes(original, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(original))).isEqualTo("rw-r-----");
    try (Stream<Path> left = Files.list(maps)) {
      assertThat(left).containsExactly(original);
    }
  }
}
