package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.Percentiles;
import dev.gitops.haproxy.TestConfigs;
import dev.gitops.haproxy.it.BenchmarkRig;
import dev.gitops.haproxy.it.DataplaneRig;
import dev.gitops.haproxy.it.TestKubernetes;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.operator.HAProxyOperator;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Change → live, against its floor, in one run on real components: N updates of the config Secret
 * of one HAProxyConfig, each changing the response, on each kind of target this machine has (the
 * co-located HAProxy always, the Data Plane API where it was built), timed to
 * {@code Ready=True} (seen through a watch, not a poll) and, separately, to HAProxy serving the new
 * response (an HTTP probe every 2 ms); then the same number of changes made directly with the
 * operator's own client of that target (co-located: {@code haproxy -c}, atomic write, master-socket
 * reload, verified; Data Plane API: validate, apply, the reload followed to its end), timed to the
 * verified reload and to the new response. Percentiles are nearest
 * rank; ratios are to the floor's. {@code dev/bench.sh change-to-live [N]}.
 */
public final class ChangeToLive {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private ChangeToLive() {
  }

  static void run(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    List<String> table = new ArrayList<>();
    Map<String, Map<String, List<Double>>> measured = new LinkedHashMap<>();
    for (BenchmarkRig.Kind kind : BenchmarkRig.availableKinds()) {
      Map<String, Bench.Samples> samples = measure(kind, updates);
      if (table.isEmpty()) {
        table.add("| " + updates + " changes | median | p95 | p99 | ratio to the floor (median / p95 / p99) |");
        table.add("|---|---|---|---|---|");
      }
      table.add("| **" + kind.description() + "** | | | | |");
      table.add(samples.get("floorVerifiedMs").row(null));
      table.add(samples.get("readyMs").row(samples.get("floorVerifiedMs")));
      table.add(samples.get("floorServedMs").row(null));
      table.add(samples.get("servedMs").row(samples.get("floorServedMs")));
      Map<String, List<Double>> millis = new LinkedHashMap<>();
      samples.forEach((key, value) -> millis.put(key, value.millis()));
      measured.put(kind.name(), millis);
    }
    Bench.report("change-to-live.md", table);
    Bench.data("change-to-live.json", measured);
  }

  private static Map<String, Bench.Samples> measure(BenchmarkRig.Kind kind, int updates) throws Exception {
    Bench.Samples ready = new Bench.Samples("operator: Secret update → Ready=True");
    Bench.Samples live = new Bench.Samples("operator: Secret update → new response served");
    Bench.Samples verified = new Bench.Samples(switch (kind) {
      case COLOCATED -> "floor: haproxy -c + write + master reload, verified";
      case DATAPLANE_API -> "floor: Data Plane API validate + apply + reload followed, verified";
    });
    Bench.Samples floorLive = new Bench.Samples("floor: → new response served");
    try (BenchmarkRig rig = BenchmarkRig.start(kind, "lb1")) {
      int port = DataplaneRig.freePort();
      KubernetesClient client = TestKubernetes.get().client();
      String namespace = Bench.namespace(client, "bench-change-to-live");
      rig.grantAccess(client, namespace);
      try (HAProxyOperator operator = HAProxyOperator.start(client, rig.settings(Set.of(namespace)))) {
        Bench.writeSecret(client, namespace, "edge-cfg", TestConfigs.respondingWith(port, "warm-up-0"));
        client.resource(new HAProxyConfig(namespace, "edge", new HAProxyConfigSpec(
            new ConfigSource(new SecretKeySelector("edge-cfg", "haproxy.cfg")), List.of(rig.target("lb1")))))
            .create();
        // A few changes first, uncounted: class loading and the first connections count for neither side.
        for (int i = 0; i < updates + 3; i++) {
          String body = (i < 3 ? "warm-up-" : "operator-") + i;
          String config = TestConfigs.respondingWith(port, body);
          long started = System.nanoTime();
          CompletableFuture<Long> readyAt = Bench.readyAt(client, namespace, "edge", ConfigHash.of(config));
          CompletableFuture<Long> liveAt = servedAt(port, body);
          Bench.writeSecret(client, namespace, "edge-cfg", config);
          long readyNanos = readyAt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) - started;
          long liveNanos = liveAt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) - started;
          if (i >= 3) {
            ready.add(readyNanos);
            live.add(liveNanos);
          }
        }
        client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").delete();
      }

      LoadBalancer direct = rig.loadBalancer();
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
    }
    Map<String, Bench.Samples> samples = new LinkedHashMap<>();
    samples.put("floorVerifiedMs", verified);
    samples.put("readyMs", ready);
    samples.put("floorServedMs", floorLive);
    samples.put("servedMs", live);
    return samples;
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
}
