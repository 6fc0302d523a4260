package dev.gitops.haproxy.colocated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.model.FileKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColocatedTargetsTest {

  @TempDir
  Path directory;

  private ColocatedTargets load(String yaml) throws IOException {
    return ColocatedTargets.load(Files.writeString(directory.resolve("colocated.yaml"), yaml));
  }

  @Test
  void readsEveryFieldAndDefaultsTheBinary() throws IOException {
    ColocatedTargets declared = load("""
        colocated:
          - name: edge
            masterSocket: /run/haproxy/master.sock
            configFile: /etc/haproxy/haproxy.cfg
            masterLog: /run/haproxy/master.log
            storage: {sslCertificates: /etc/haproxy/ssl, maps: /etc/haproxy/maps}
          - name: internal
            masterSocket: /run/internal/master.sock
            configFile: /etc/internal/haproxy.cfg
            haproxyBinary: /usr/sbin/haproxy
        """);

    assertThat(declared.names()).containsExactly("edge", "internal");
    ColocatedHAProxy edge = declared.get("edge").orElseThrow();
    assertThat(edge.masterSocket()).isEqualTo(Path.of("/run/haproxy/master.sock"));
    assertThat(edge.haproxyBinary()).isEqualTo(Path.of("haproxy"));
    assertThat(edge.masterLog()).contains(Path.of("/run/haproxy/master.log"));
    assertThat(edge.storageFor(FileKind.Map)).contains(Path.of("/etc/haproxy/maps"));
    assertThat(edge.storageFor(FileKind.General)).isEmpty();
    assertThat(declared.get("internal").orElseThrow().haproxyBinary()).isEqualTo(Path.of("/usr/sbin/haproxy"));
    assertThat(declared.get("other")).isEmpty();
  }

  @Test
  void refusesWhatWouldLetAPathBeGuessedOrTwoNamesCollide() {
    assertThatThrownBy(() -> load("colocated: [{name: edge, masterSocket: run/master.sock, configFile: /etc/h.cfg}]"))
        .hasMessageContaining("colocated[0] (edge).masterSocket must be an absolute path");
    assertThatThrownBy(() -> load("colocated: [{name: Edge, masterSocket: /m.sock, configFile: /etc/h.cfg}]"))
        .hasMessageContaining("name must be a DNS label");
    assertThatThrownBy(() -> load("colocated: [{name: edge, masterSocket: /m.sock}]"))
        .hasMessageContaining("configFile is required");
    assertThatThrownBy(() -> load("""
        colocated:
          - {name: edge, masterSocket: /a.sock, configFile: /a.cfg}
          - {name: edge, masterSocket: /b.sock, configFile: /b.cfg}
        """)).hasMessageContaining("'edge' is declared twice");
    assertThatThrownBy(() -> load("colocated: [{name: edge, masterSocket: /m.sock, configFile: /h.cfg, socket: /x}]"))
        .hasMessageContaining("socket");
  }

  @Test
  void aStorageDirectoryMayNotHoldAnyHAProxysOwnFiles() {
    assertThatThrownBy(() -> load("""
        colocated:
          - {name: edge, masterSocket: /run/edge/master.sock, configFile: /etc/edge/haproxy.cfg}
          - name: other
            masterSocket: /run/other/master.sock
            configFile: /etc/other/haproxy.cfg
            storage: {general: /etc/edge}
        """)).hasMessageContaining("storage directory /etc/edge holds the config, socket or log of 'edge'");
  }

  @Test
  void luaIsAllowedOnlyWhenDeclared() throws IOException {
    ColocatedTargets declared = load("""
        colocated:
          - {name: edge, masterSocket: /run/edge/master.sock, configFile: /etc/edge/haproxy.cfg, allowLua: true}
          - {name: other, masterSocket: /run/other/master.sock, configFile: /etc/other/haproxy.cfg}
        """);
    assertThat(declared.get("edge").orElseThrow().allowLua()).isTrue();
    assertThat(declared.get("other").orElseThrow().allowLua()).isFalse();
  }

  @Test
  void anEmptyFileDeclaresNothing() throws IOException {
    assertThat(load("colocated: []\n").names()).isEmpty();
    assertThat(load("").names()).isEmpty();
  }
}
