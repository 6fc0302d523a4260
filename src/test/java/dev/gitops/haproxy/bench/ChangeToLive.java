package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.Percentiles;
import dev.gitops.haproxy.TestConfigs;
import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.it.Commands;
import dev.gitops.haproxy.it.DataplaneRig;
import dev.gitops.haproxy.it.TestKubernetes;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.operator.InputLabel;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.target.LoadBalancer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Change → live, against its floor, in one run on real components: N updates of the config Secret
 * of one HAProxyConfig whose target is a co-located HAProxy, each changing the response, timed to
 * {@code Ready=True} (seen through a watch, not a poll) and, separately, to HAProxy serving the new
 * response (an HTTP probe every 2 ms); then the same number of changes made directly with the
 * operator's own co-located client (validate with {@code haproxy -c}, atomic write, master-socket
 * reload, verified), timed to the verified reload and to the new response. Percentiles are nearest
 * rank; ratios are to the floor's. {@code dev/bench.sh change-to-live [N]}.
 */
public final class ChangeToLive {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private ChangeToLive() {
  }

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path repository = Path.of(System.getProperty("project.basedir", "."));
    Path runDir = Files.createTempDirectory("bench-change-to-live-");
    run(List.of("bash", repository.resolve("dev/haproxy.sh").toString(), "start", runDir.toString(), "--name", "lb1",
        "--config", repository.resolve("dev/rig-initial.cfg").toString()));
    try {
      ColocatedTargets declared = ColocatedTargets.load(runDir.resolve("colocated.yaml"));
      int port = DataplaneRig.freePort();
      KubernetesClient client = TestKubernetes.get().client();
      String namespace = "bench-change-to-live-" + Long.toHexString(System.nanoTime() & 0xfffff);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();

      Samples ready = new Samples("operator: Secret update → Ready=True");
      Samples live = new Samples("operator: Secret update → new response served");
      try (HAProxyOperator operator = HAProxyOperator.start(client,
          HAProxyOperator.Settings.defaults(Set.of(namespace)).withColocated(declared))) {
        writeSecret(client, namespace, TestConfigs.respondingWith(port, "warm-up-0"));
        client.resource(new HAProxyConfig(namespace, "edge", new HAProxyConfigSpec(
            new ConfigSource(new SecretKeySelector("edge-cfg", "haproxy.cfg")), List.of(Target.colocated("lb1", "lb1")))))
            .create();
        // A few changes first, uncounted: class loading and the first connections count for neither side.
        for (int i = 0; i < updates + 3; i++) {
          String body = (i < 3 ? "warm-up-" : "operator-") + i;
          String config = TestConfigs.respondingWith(port, body);
          long started = System.nanoTime();
          CompletableFuture<Long> readyAt = readyAt(client, namespace, ConfigHash.of(config));
          CompletableFuture<Long> liveAt = servedAt(port, body);
          writeSecret(client, namespace, config);
          long readyNanos = readyAt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) - started;
          long liveNanos = liveAt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) - started;
          if (i >= 3) {
            ready.add(readyNanos);
            live.add(liveNanos);
          }
        }
        client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").delete();
      }

      Samples verified = new Samples("floor: haproxy -c + write + master reload, verified");
      Samples floorLive = new Samples("floor: → new response served");
      LoadBalancer direct = new ColocatedLoadBalancer(declared.get("lb1").orElseThrow(), ColocatedTimeouts.DEFAULT);
      for (int i = 0; i < updates + 3; i++) {
        String body = (i < 3 ? "direct-warm-up-" : "direct-") + i;
        byte[] config = TestConfigs.respondingWith(port, body).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Long> liveAt = servedAt(port, body);
        long started = System.nanoTime();
        direct.validate(config);
        direct.apply(config);
        long verifiedNanos = System.nanoTime() - started;
        long liveNanos = liveAt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) - started;
        if (i >= 3) {
          verified.add(verifiedNanos);
          floorLive.add(liveNanos);
        }
      }

      List<String> table = new ArrayList<>(List.of(
          "| " + updates + " changes, co-located HAProxy | median | p95 | p99 | ratio to the floor (median / p95 / p99) |",
          "|---|---|---|---|---|",
          verified.row(null), ready.row(verified), floorLive.row(null), live.row(floorLive)));
      Path report = repository.resolve("target/bench/change-to-live.md");
      Files.createDirectories(report.getParent());
      Files.write(report, table);
      System.out.println();
      table.forEach(System.out::println);
      System.out.println();
      System.out.println("written to " + report);
    } finally {
      run(List.of("bash", repository.resolve("dev/haproxy.sh").toString(), "stop", runDir.toString()));
    }
    System.exit(0);
  }

  /** Completes with the time a watch sees the resource Ready with {@code hash}. */
  private static CompletableFuture<Long> readyAt(KubernetesClient client, String namespace, String hash) {
    CompletableFuture<Long> at = new CompletableFuture<>();
    AtomicReference<Watch> watch = new AtomicReference<>();
    watch.set(client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, HAProxyConfig resource) {
        var status = resource.getStatus();
        if (status != null && hash.equals(status.appliedHash()) && status.condition("Ready")
            .filter(c -> "True".equals(c.getStatus())).isPresent()) {
          at.complete(System.nanoTime());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        at.completeExceptionally(cause);
      }
    }));
    return at.whenComplete((time, failure) -> watch.get().close());
  }

  /** Completes with the time HAProxy first answers {@code body}, probing every 2 ms. */
  private static CompletableFuture<Long> servedAt(int port, String body) {
    return CompletableFuture.supplyAsync(() -> {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .timeout(Duration.ofSeconds(1)).build();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        try {
          if (body.equals(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().trim())) {
            return System.nanoTime();
          }
        } catch (IOException notYet) {
          // Before the first config, nothing listens.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      throw new IllegalStateException("HAProxy did not answer " + body + " within " + TIMEOUT.toSeconds() + " s");
    });
  }

  private static void writeSecret(KubernetesClient client, String namespace, String config) {
    client.resource(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName("edge-cfg")
        .withLabels(Map.of(InputLabel.KEY, InputLabel.VALUE)).endMetadata()
        .withStringData(Map.of("haproxy.cfg", config)).build()).serverSideApply();
  }

  private static void run(List<String> command) {
    Commands.Result result = Commands.run(command, null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + result.output());
    }
  }

  /** Durations of one kind, and their nearest-rank percentiles. */
  private static final class Samples {
    private final String name;
    private final List<Long> nanos = new ArrayList<>();

    Samples(String name) {
      this.name = name;
    }

    void add(long value) {
      nanos.add(value);
    }

    double millis(int percent) {
      return Percentiles.nearestRank(nanos, percent) / 1e6;
    }

    String row(Samples floor) {
      String ratios = floor == null ? "—" : String.format("%.2f / %.2f / %.2f", millis(50) / floor.millis(50),
          millis(95) / floor.millis(95), millis(99) / floor.millis(99));
      return String.format("| %s | %.0f ms | %.0f ms | %.0f ms | %s |", name, millis(50), millis(95), millis(99), ratios);
    }
  }
}
