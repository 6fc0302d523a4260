package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.TestConfigs;
import dev.gitops.haproxy.it.Commands;
import dev.gitops.haproxy.it.DataplaneRig;
import dev.gitops.haproxy.it.OperatorJar;
import dev.gitops.haproxy.it.TestKubernetes;
import dev.gitops.haproxy.model.ConfigFile;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileSecretSelector;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.operator.InputLabel;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real run for the dashboard picture: the packaged operator against the real API server and three
 * co-located HAProxies, driven through a scripted run of about six minutes while its /metrics is
 * scraped every 5 s into {@code target/dashboard-run/<epoch millis>.prom}:
 * config changes of two resources, one config HAProxy rejects (fixed 40 s later), one whose reload
 * fails (its port is taken) and is rolled back, a resource whose Secret is missing, and certificates
 * that expire in 90 and in 10 days. {@code dev/bench.sh dashboard}, then {@code dev/dashboard-png.py}.
 */
public final class DashboardRun {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private DashboardRun() {
  }

  static void run(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path repository = Path.of(System.getProperty("project.basedir", "."));
    Path out = Files.createDirectories(repository.resolve("target/dashboard-run"));
    try (var listing = Files.list(out)) {
      for (Path old : listing.toList()) {
        Files.delete(old);
      }
    }
    Path runDir = Files.createTempDirectory("dashboard-run-");
    List<String> names = List.of("lb1", "lb2", "lb3");
    StringBuilder declared = new StringBuilder("colocated:\n");
    for (String name : names) {
      Path dir = runDir.resolve(name);
      run(List.of("bash", repository.resolve("dev/haproxy.sh").toString(), "start", dir.toString(), "--name", name,
          "--config", repository.resolve("dev/rig-initial.cfg").toString()));
      String own = Files.readString(dir.resolve("colocated.yaml"));
      declared.append(own.substring(own.indexOf("  - name:")));
    }
    Path declaration = Files.writeString(runDir.resolve("colocated.yaml"), declared);
    KubernetesClient client = TestKubernetes.get().client();
    String namespace = "dashboard-" + Long.toHexString(System.nanoTime() & 0xfffff);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    int metricsPort = DataplaneRig.freePort();
    Process operator = OperatorJar.start(TestKubernetes.get().kubeconfig(), out.resolve("operator.log"),
        "--namespace", namespace, "--colocated-config", declaration.toString(),
        "--metrics-port", String.valueOf(metricsPort), "--health-port", String.valueOf(DataplaneRig.freePort()));
    ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
    scraper.scheduleAtFixedRate(() -> scrape(metricsPort, out), 0, 5, TimeUnit.SECONDS);
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      tlsSecret(client, namespace, "site-tls", 90, runDir);
      tlsSecret(client, namespace, "api-tls", 10, runDir);
      int edgePort = DataplaneRig.freePort();
      int apiPort = DataplaneRig.freePort();
      String edgeCert = runDir.resolve("lb1/ssl/site.pem").toString();
      String apiCert = runDir.resolve("lb3/ssl/api.pem").toString();
      secret(client, namespace, "edge-cfg", withTls(TestConfigs.respondingWith(edgePort, "edge-0"), edgeCert));
      secret(client, namespace, "api-cfg", withTls(TestConfigs.respondingWith(apiPort, "api-0"), apiCert));
      resource(client, namespace, "edge", "edge-cfg", "site.pem", "site-tls",
          Target.colocated("lb1", "lb1"), Target.colocated("lb2", "lb2"));
      resource(client, namespace, "api", "api-cfg", "api.pem", "api-tls", Target.colocated("lb3", "lb3"));
      Thread.sleep(20_000);
      for (int i = 1; i <= changes; i++) {
        String edge = withTls(TestConfigs.respondingWith(edgePort, "edge-" + i), edgeCert);
        if (i == changes / 3) {
          // Refused by HAProxy; fixed by the next change, 40 s later.
          secret(client, namespace, "edge-cfg", edge + "    bogus directive\n");
          Thread.sleep(40_000);
          continue;
        }
        if (i == 2 * changes / 3) {
          // Valid, but its reload cannot bind a port that is taken: rolled back to the last known good.
          secret(client, namespace, "api-cfg", withTls(TestConfigs.respondingWith(apiPort, "api-" + i), apiCert)
              + "\nfrontend taken\n    bind 127.0.0.1:" + taken.getLocalPort() + "\n");
          Thread.sleep(30_000);
        }
        secret(client, namespace, "edge-cfg", edge);
        if (i % 3 == 0) {
          secret(client, namespace, "api-cfg", withTls(TestConfigs.respondingWith(apiPort, "api-" + i), apiCert));
        }
        if (i == changes / 2) {
          // A resource whose Secret is missing: stalled with SecretNotFound.
          client.resource(new HAProxyConfig(namespace, "orphan", new HAProxyConfigSpec(
              new ConfigSource(new SecretKeySelector("missing-cfg", "haproxy.cfg")),
              List.of(Target.colocated("lb9", "lb1"))))).create();
        }
        Thread.sleep(8_000);
      }
      Thread.sleep(30_000);
    } finally {
      scraper.shutdownNow();
      Bench.stop(operator);
      for (String name : names) {
        run(List.of("bash", repository.resolve("dev/haproxy.sh").toString(), "stop", runDir.resolve(name).toString()));
      }
    }
    System.out.println("scrapes written to " + out);
  }

  /** The config with a TLS listener on a free port serving {@code certificate}. */
  private static String withTls(String config, String certificate) throws IOException {
    return config.replaceFirst("(?m)^(    bind 127\\.0\\.0\\.1:\\d+)$",
        "$1\n    bind 127.0.0.1:" + DataplaneRig.freePort() + " ssl crt " + certificate);
  }

  private static void scrape(int port, Path out) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(4)).build(),
          HttpResponse.BodyHandlers.ofString());
      Files.writeString(out.resolve(System.currentTimeMillis() + ".prom"), response.body());
    } catch (IOException e) {
      System.err.println("scrape failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void secret(KubernetesClient client, String namespace, String name, String config) {
    client.resource(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .withLabels(Map.of(InputLabel.KEY, InputLabel.VALUE)).endMetadata()
        .withStringData(Map.of("haproxy.cfg", config)).build()).serverSideApply();
  }

  /** A kubernetes.io/tls Secret with a self-signed certificate valid for {@code days}. */
  private static void tlsSecret(KubernetesClient client, String namespace, String name, int days, Path dir)
      throws IOException {
    Path key = dir.resolve(name + ".key");
    Path cert = dir.resolve(name + ".crt");
    run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString()));
    run(List.of("openssl", "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-days",
        String.valueOf(days), "-out", cert.toString()));
    client.resource(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .withLabels(Map.of(InputLabel.KEY, InputLabel.VALUE)).endMetadata().withType("kubernetes.io/tls")
        .withStringData(Map.of("tls.crt", Files.readString(cert), "tls.key", Files.readString(key))).build())
        .serverSideApply();
  }

  private static void resource(KubernetesClient client, String namespace, String name, String secret, String file,
      String fileSecret, Target... targets) {
    HAProxyConfigSpec spec = new HAProxyConfigSpec(new ConfigSource(new SecretKeySelector(secret, "haproxy.cfg")),
        List.of(targets));
    spec.setFiles(List.of(new ConfigFile(file, FileKind.SSLCertificate, new FileSecretSelector(fileSecret, null), null)));
    client.resource(new HAProxyConfig(namespace, name, spec)).create();
  }

  private static void run(List<String> command) throws IOException {
    Commands.Result result = Commands.run(new ArrayList<>(command), null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + result.output());
    }
  }
}
