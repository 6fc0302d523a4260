package dev.gitops.haproxy.dataplane.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.TestConfigs;
import dev.gitops.haproxy.dataplane.BasicCredentials;
import dev.gitops.haproxy.dataplane.DataplaneClient;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.AuthenticationException;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.ReloadFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * What only the Data Plane API does, as the operator's client uses it: each scenario runs once
 * against a real Data Plane API through a {@link RecordingProxy} (DataplaneContractIT) and, from
 * the committed recording, against a {@link ReplayServer} in every unit-test run
 * (DataplaneContractTest). The assertions are the same both times.
 */
public enum ContractScenario {

  VALIDATE_ACCEPTED("validate-accepted") {
    @Override
    public void run(DataplaneClient client, Map<String, String> params) throws Exception {
      client.validate(bytes(config(params, "valid")));
    }
  },

  VALIDATE_REJECTED("validate-rejected") {
    @Override
    public void run(DataplaneClient client, Map<String, String> params) {
      String bad = config(params, "never") + "    bogus directive\n";
      int line = (int) bad.lines().takeWhile(l -> !l.contains("bogus")).count() + 1;
      assertThatThrownBy(() -> client.validate(bytes(bad))).isInstanceOfSatisfying(ConfigRejectedException.class,
          e -> assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.line()).isEqualTo(line);
            assertThat(error.message()).isEqualTo("unknown keyword 'bogus' in 'frontend' section");
          }));
    }
  },

  /** 202 with a Reload-ID, the reload followed until it succeeded, then what the target stores. */
  APPLY_VERIFIED("apply-verified") {
    @Override
    public void run(DataplaneClient client, Map<String, String> params) throws Exception {
      long before = client.configurationVersion();
      ApplyResult result = client.apply(bytes(config(params, "applied")));
      assertThat(result.reloadId()).isNotBlank();
      assertThat(result.fingerprint().version()).isEqualTo(before + 1);
      assertThat(result.fingerprint().checksum()).isNotBlank();
      assertThat(client.fingerprint()).isEqualTo(result.fingerprint());
    }
  },

  /** A config that passes validation but cannot bind its port: the reload is reported failed. */
  APPLY_RELOAD_FAILED("apply-reload-failed") {
    @Override
    public void run(DataplaneClient client, Map<String, String> params) {
      String clash = config(params, "clash") + "\nfrontend clash\n    bind 127.0.0.1:" + params.get("takenPort") + "\n";
      assertThatThrownBy(() -> client.apply(bytes(clash))).isInstanceOfSatisfying(ReloadFailedException.class,
          e -> assertThat(e.getMessage()).contains("failed").contains("cannot bind socket"));
    }
  },

  /** Another writer moves the version between the client's read and its write: 409, re-read, retry. */
  APPLY_VERSION_CONFLICT("apply-version-conflict") {
    @Override
    public boolean movesTheVersionBeforeTheFirstWrite() {
      return true;
    }

    @Override
    public void run(DataplaneClient client, Map<String, String> params) throws Exception {
      ApplyResult result = client.apply(bytes(config(params, "after-conflict")));
      assertThat(result.reloadId()).isNotBlank();
    }
  },

  /** Files in the Data Plane API's storage: created, listed, replaced, deleted, without reloads. */
  STORAGE("storage") {
    @Override
    public void run(DataplaneClient client, Map<String, String> params) throws Exception {
      client.storeFile(FileKind.General, "blocked.lst", bytes("/admin\n"), false);
      client.storeFile(FileKind.Map, "paths.map", bytes("/a be_one\n"), false);
      assertThat(client.storedFiles(FileKind.General)).containsKey("blocked.lst");
      assertThat(client.storedFiles(FileKind.Map)).hasEntrySatisfying("paths.map",
          path -> assertThat(path).endsWith("/paths.map"));
      client.storeFile(FileKind.General, "blocked.lst", bytes("/admin\n/private\n"), true);
      client.storeFile(FileKind.Map, "paths.map", bytes("/a be_two\n"), true);
      client.deleteStoredFile(FileKind.General, "blocked.lst");
      client.deleteStoredFile(FileKind.Map, "paths.map");
      assertThat(client.storedFiles(FileKind.General)).doesNotContainKey("blocked.lst");
    }
  },

  /**
   * The identity of the load balancer: a general-storage file with a random name, created once and
   * then listed by every URL that reaches this Data Plane API.
   */
  IDENTITY("identity") {
    @Override
    public void run(DataplaneClient client, Map<String, String> params) throws Exception {
      String identity = client.identity();
      assertThat(identity).matches("dataplane:haproxy-operator-id_[0-9a-f-]{36}");
      assertThat(client.identity()).isEqualTo(identity);
      assertThat(client.storedFiles(FileKind.General)).containsKey(identity.substring("dataplane:".length()));
    }
  },

  /** Basic auth with a wrong password: 401, an AuthenticationException that names the user, not the password. */
  AUTH_REFUSED("auth-refused") {
    @Override
    public boolean rightPassword() {
      return false;
    }

    @Override
    public void run(DataplaneClient client, Map<String, String> params) {
      assertThatThrownBy(client::fingerprint).isInstanceOfSatisfying(AuthenticationException.class,
          e -> assertThat(e.getMessage()).contains("HTTP 401").contains("user 'admin'").doesNotContain(WRONG_PASSWORD));
    }
  };

  public static final String WRONG_PASSWORD = "not-the-password";

  private final String fileName;

  ContractScenario(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  /** Runs the client calls of the scenario and asserts their outcome. */
  public abstract void run(DataplaneClient client, Map<String, String> params) throws Exception;

  /** Whether the client logs in with the right password. */
  public boolean rightPassword() {
    return true;
  }

  /** Whether, when recording, another writer moves the configuration version just before the client's first write. */
  public boolean movesTheVersionBeforeTheFirstWrite() {
    return false;
  }

  /** The client a scenario runs with, against a real Data Plane API or a replay of one. */
  public DataplaneClient client(String url, String rightPassword) {
    return new DataplaneClientFactory(TIMEOUTS).clientFor(DataplaneEndpoint.of(url,
        new BasicCredentials("admin", rightPassword() ? rightPassword : WRONG_PASSWORD)));
  }

  private static final DataplaneTimeouts TIMEOUTS =
      new DataplaneTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(20));

  public static String config(Map<String, String> params, String body) {
    return TestConfigs.respondingWith(Integer.parseInt(params.get("port")), body);
  }

  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
