package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.dataplane.DataplaneClient;
import dev.gitops.haproxy.dataplane.contract.ContractScenario;
import dev.gitops.haproxy.dataplane.contract.Exchange;
import dev.gitops.haproxy.dataplane.contract.Recording;
import dev.gitops.haproxy.dataplane.contract.RecordingProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records the contract scenarios against the real Data Plane API, through a recording proxy, and
 * checks that today's exchanges have the shape of the committed recordings (the same requests,
 * answered with the same statuses): a Data Plane API that changed its protocol fails here, where
 * it runs. With {@code -Dcontract.update=true} the new recordings replace the committed ones
 * (src/test/resources/dataplane-contract); they are also written to target/dataplane-contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataplaneContractIT implements RigFactory.OnDataplaneApi {

  private DataplaneRig rig;
  private RecordingProxy proxy;

  @BeforeAll
  void start() throws IOException {
    if (unavailableReason() != null) {
      return;
    }
    rig = DataplaneRig.start();
    proxy = new RecordingProxy(URI.create(rig.url()).resolve("/"));
  }

  @AfterAll
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ContractScenario.class)
  void recordAgainstTheRealDataplaneApi(ContractScenario scenario) throws Exception {
    skipWhereTheKindCannotRun();
    Map<String, String> params = new java.util.TreeMap<>(Map.of("port", String.valueOf(DataplaneRig.freePort()),
        "otherWriterPort", String.valueOf(DataplaneRig.freePort())));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      params.put("takenPort", String.valueOf(taken.getLocalPort()));
      if (scenario.movesTheVersionBeforeTheFirstWrite()) {
        moveTheVersionBeforeTheFirstWrite(params);
      }
      proxy.take();
      DataplaneClient client = scenario.client(proxy.url(), rig.password());
      scenario.run(client, params);
    } finally {
      proxy.beforeForwarding(request -> { });
    }
    Recording recording = new Recording(scenario.fileName(), info(), haproxyVersion(), Instant.now().toString(),
        params, proxy.take());
    recording.write(Path.of(System.getProperty("project.basedir", "."), "target", Recording.DIRECTORY,
        scenario.fileName() + ".json"));
    if (Boolean.getBoolean("contract.update")) {
      recording.write(Path.of(System.getProperty("project.basedir", "."), "src", "test", "resources",
          Recording.DIRECTORY, scenario.fileName() + ".json"));
    }

    assertThat(shape(recording.exchanges()))
        .as("the Data Plane API answers as when the committed recording was made; if it changed on purpose, "
            + "record again with -Dcontract.update=true")
        .isEqualTo(shape(Recording.committed(scenario.fileName()).exchanges()));
  }

  /**
   * Requests and statuses, with numbers (versions, reload IDs) left out and repeats merged: how
   * often a reload is polled before it ends depends on timing, not on the protocol.
   */
  private static List<String> shape(List<Exchange> exchanges) {
    List<String> shape = new java.util.ArrayList<>();
    for (Exchange exchange : exchanges) {
      String step = exchange.request().replaceAll("[0-9]+", "N") + " -> " + exchange.status();
      if (shape.isEmpty() || !shape.get(shape.size() - 1).equals(step)) {
        shape.add(step);
      }
    }
    return shape;
  }

  /** Another writer: just before the client's first raw write, the version moves under it. */
  private void moveTheVersionBeforeTheFirstWrite(Map<String, String> params) {
    AtomicBoolean moved = new AtomicBoolean();
    proxy.beforeForwarding(request -> {
      if (request.startsWith("POST ") && request.contains("/configuration/raw?version=") && !moved.getAndSet(true)) {
        String version = request.substring(request.indexOf("version=") + "version=".length());
        direct("POST", "/services/haproxy/configuration/raw?version=" + version, "text/plain",
            ContractScenario.config(Map.of("port", params.get("otherWriterPort")), "other-writer"));
      }
    });
  }

  /** The version the Data Plane API reports of itself ({@code api.version} of {@code GET /v3/info}). */
  private String info() throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(direct("GET", "/info", null, null))
        .at("/api/version").asText().trim();
  }

  private static String haproxyVersion() {
    String output = Commands.run(List.of("haproxy", "-v"), null).output();
    java.util.regex.Matcher version = java.util.regex.Pattern.compile("version (\\S+)").matcher(output);
    return version.find() ? version.group(1) : output.lines().findFirst().orElse("");
  }

  private String direct(String method, String path, String contentType, String body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rig.url() + path))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              (DataplaneRig.USER + ":" + rig.password()).getBytes(StandardCharsets.UTF_8)))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
