package dev.gitops.haproxy.colocated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.target.FileRejectedException;
import dev.gitops.haproxy.target.TargetUnreachableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file side of a co-located HAProxy, which needs no running HAProxy: where files go and where they never go. */
class ColocatedLoadBalancerTest {

  @TempDir
  Path etc;
  private Path config;
  private ColocatedLoadBalancer target;

  @BeforeEach
  void declare() throws IOException {
    config = Files.writeString(etc.resolve("haproxy.cfg"), "global\n");
    // Built directly: the declarations file refuses this layout, and the driver refuses it too.
    target = new ColocatedLoadBalancer(new ColocatedHAProxy("edge", etc.resolve("master.sock"), config,
        Path.of("haproxy"), Optional.of(etc.resolve("master.log")),
        Map.of(FileKind.General, etc, FileKind.SSLCertificate, Files.createDirectory(etc.resolve("ssl"))), false),
        ColocatedTimeouts.DEFAULT);
  }

  @Test
  void aFileNeverReplacesHAProxysOwnFiles() {
    for (String name : new String[] {"haproxy.cfg", "master.log", "master.sock"}) {
      assertThatThrownBy(() -> target.storeFile(FileKind.General, name, bytes("x"), true))
          .isInstanceOf(FileRejectedException.class).hasMessageContaining("one of HAProxy's own files");
      assertThatThrownBy(() -> target.deleteStoredFile(FileKind.General, name))
          .isInstanceOf(FileRejectedException.class);
    }
    assertThat(config).hasContent("global");
  }

  @Test
  void aFileNameNeverLeavesItsDirectory() {
    for (String name : new String[] {"../escape", "sub/dir", ".hidden", ""}) {
      assertThatThrownBy(() -> target.storeFile(FileKind.General, name, bytes("x"), false))
          .as(name).isInstanceOf(FileRejectedException.class);
    }
    assertThatThrownBy(() -> target.storeFile(FileKind.Map, "hosts.map", bytes("x"), false))
        .isInstanceOf(FileRejectedException.class).hasMessageContaining("declares no directory for Map files");
  }

  @Test
  void aCertificateIsReadableByItsOwnerOnlyEvenOverAReadableFile() throws Exception {
    Path existing = Files.writeString(etc.resolve("ssl").resolve("site.pem"), "old");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));

    target.storeFile(FileKind.SSLCertificate, "site.pem", bytes("cert and key"), true);
    target.storeFile(FileKind.General, "blocked.lst", bytes("/admin\n"), false);

    assertThat(existing).hasContent("cert and key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("blocked.lst"))))
        .isEqualTo("rw-r--r--");
  }

  /** An administrator's link to another file of the directory is written through; one leading out of it never. */
  @Test
  void aStoredFileFollowsALinkOnlyWithinItsDirectory() throws Exception {
    Path current = Files.writeString(etc.resolve("ssl").resolve("site-2026.pem"), "old");
    Files.createSymbolicLink(etc.resolve("ssl").resolve("site.pem"), current.getFileName());
    Path outside = Files.writeString(Files.createTempFile(etc.getParent(), "outside", ".pem"), "untouched");
    try {
      Files.createSymbolicLink(etc.resolve("ssl").resolve("other.pem"), outside);

      target.storeFile(FileKind.SSLCertificate, "site.pem", bytes("cert and key"), true);

      assertThat(etc.resolve("ssl").resolve("site.pem")).isSymbolicLink();
      assertThat(current).hasContent("cert and key");
      assertThatThrownBy(() -> target.storeFile(FileKind.SSLCertificate, "other.pem", bytes("cert and key"), true))
          .isInstanceOf(FileRejectedException.class).hasMessageContaining("is a link that leads out of the directory");
      assertThat(outside).hasContent("untouched");
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void listingsShowStoredFilesOnlyAndDeletingTwiceIsFine() throws Exception {
    target.storeFile(FileKind.General, "blocked.lst", bytes("/admin\n"), false);
    Files.writeString(etc.resolve(".haproxy-operator-haproxy.cfg.lock"), "");

    assertThat(target.storedFiles(FileKind.General)).containsOnlyKeys("blocked.lst", "haproxy.cfg");
    target.deleteStoredFile(FileKind.General, "blocked.lst");
    target.deleteStoredFile(FileKind.General, "blocked.lst");
    assertThat(target.storedFiles(FileKind.Map)).isEmpty();
  }

  @Test
  void withoutItsMasterItIsUnreachableAndSaysWhere() {
    assertThatThrownBy(target::fingerprint).isInstanceOfSatisfying(TargetUnreachableException.class,
        e -> assertThat(e.getMessage()).contains(etc.resolve("master.sock").toString()).contains("is HAProxy running?"));
    assertThatThrownBy(() -> target.apply(bytes("global\n"))).isInstanceOf(TargetUnreachableException.class);
    assertThat(config).hasContent("global");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
