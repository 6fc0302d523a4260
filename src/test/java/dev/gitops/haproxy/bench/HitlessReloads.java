package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.it.BenchmarkRig;
import dev.gitops.haproxy.it.DataplaneRig;
import dev.gitops.haproxy.it.TestKubernetes;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.ConfigHash;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hitless reloads under load, on real components: {@code wrk} through a co-located HAProxy while
 * the operator applies config changes made 200 ms apart, against the same load with no change, in
 * one run. Run with the settings the README recommends ({@code option idle-close-on-response} in
 * {@code defaults}) and, to show what they are for, once without them.
 * {@code dev/bench.sh hitless [CHANGES]}.
 */
public final class HitlessReloads {

  private static final Duration SPACING = Duration.ofMillis(200);
  private static final int CONNECTIONS = 20;
  private static final String RECOMMENDED = "    option idle-close-on-response\n";

  private HitlessReloads() {
  }

  /** What wrk reports for one run. */
  record Load(String name, long requests, long failed, String failures, String p50, String p90, String p99,
      long reloads) {

    String row() {
      return String.format("| %s | %,d | %d%s | %s | %s | %s | %d |", name, requests, failed,
          failures.isEmpty() ? "" : " (" + failures + ")", p50, p90, p99, reloads);
    }
  }

  static void run(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    long steady = changes * SPACING.toMillis();
    int port = DataplaneRig.freePort();
    Path initial = Files.writeString(Files.createTempFile("bench-hitless-", ".cfg"), config(port, "initial", true));
    List<Load> loads = new ArrayList<>();
    try (BenchmarkRig rig = BenchmarkRig.startColocated("lb1", initial)) {
      KubernetesClient client = TestKubernetes.get().client();
      String namespace = Bench.namespace(client, "bench-hitless");
      try (HAProxyOperator operator = HAProxyOperator.start(client, rig.settings(Set.of(namespace)))) {
        String first = config(port, "v0", true);
        Bench.writeSecret(client, namespace, "edge-cfg", first);
        var ready = Bench.readyAt(client, namespace, "edge", ConfigHash.of(first));
        client.resource(new HAProxyConfig(namespace, "edge", new HAProxyConfigSpec(
            new ConfigSource(new SecretKeySelector("edge-cfg", "haproxy.cfg")), List.of(rig.target("lb1")))))
            .create();
        ready.get(60, TimeUnit.SECONDS);

        loads.add(load("no change (baseline)", port, rig, () -> Thread.sleep(steady)));
        loads.add(load(changes + " changes 200 ms apart, recommended settings", port, rig,
            () -> change(client, namespace, port, changes, "with", true)));
        loads.add(load(changes + " changes 200 ms apart, without option idle-close-on-response", port,
            rig, () -> change(client, namespace, port, changes, "without", false)));
        client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").delete();
      }
    }
    List<String> table = new ArrayList<>(List.of(
        "| wrk, " + CONNECTIONS + " keep-alive connections, 2 threads, through one co-located HAProxy | requests "
            + "| failed | latency p50 | p90 | p99 | HAProxy reloads |",
        "|---|---|---|---|---|---|---|"));
    loads.forEach(load -> table.add(load.row()));
    Bench.report("hitless-reloads.md", table);
    Bench.data("hitless-reloads.json", loads);
  }

  /** The test config, with or without the recommended setting. */
  static String config(int port, String body, boolean recommended) {
    String config = Scale.config(port, body);
    if (!config.contains(RECOMMENDED)) {
      throw new IllegalStateException("the test config no longer sets option idle-close-on-response");
    }
    return recommended ? config : config.replace(RECOMMENDED, "");
  }

  /**
   * Secret updates {@link #SPACING} apart, each a new response, as fast as Git would never go; done
   * when the last one is Ready, so that every reload happened under load.
   */
  private static void change(KubernetesClient client, String namespace, int port, int changes, String label,
      boolean recommended) throws Exception {
    String last = null;
    for (int i = 1; i <= changes; i++) {
      last = config(port, label + "-" + i, recommended);
      Bench.writeSecret(client, namespace, "edge-cfg", last);
      Thread.sleep(SPACING.toMillis());
    }
    Bench.readyAt(client, namespace, "edge", ConfigHash.of(last)).get(60, TimeUnit.SECONDS);
  }

  /** What an action does to the load: wrk runs from a second before it to a second after it. */
  interface Action {
    void run() throws Exception;
  }

  private static Load load(String name, int port, BenchmarkRig rig, Action during) throws Exception {
    long reloadsBefore = rig.applies();
    Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + CONNECTIONS, "-d600s", "--latency",
        "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
    Thread.sleep(1000);
    during.run();
    Thread.sleep(1000);
    long reloads = rig.applies() - reloadsBefore;
    // wrk prints its statistics when interrupted, as after its duration.
    Bench.run("kill", "-INT", String.valueOf(wrk.pid()));
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return parse(name, output, reloads);
  }

  static Load parse(String name, String wrk, long reloads) {
    long requests = number(wrk, "(\\d+) requests in");
    long failed = 0;
    List<String> failures = new ArrayList<>();
    Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
        .matcher(wrk);
    if (errors.find()) {
      String[] kinds = {"connect", "read", "write", "timeout"};
      for (int i = 0; i < kinds.length; i++) {
        long count = Long.parseLong(errors.group(i + 1));
        failed += count;
        if (count > 0) {
          failures.add(count + " " + kinds[i]);
        }
      }
    }
    long non2xx = number(wrk, "Non-2xx or 3xx responses: (\\d+)");
    if (non2xx > 0) {
      failed += non2xx;
      failures.add(non2xx + " non-2xx");
    }
    return new Load(name, requests, failed, String.join(", ", failures), percentile(wrk, "50%"),
        percentile(wrk, "90%"), percentile(wrk, "99%"), reloads);
  }

  private static long number(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }

  private static String percentile(String text, String which) {
    Matcher matcher = Pattern.compile("(?m)^\\s+" + which + "\\s+(\\S+)$").matcher(text);
    return matcher.find() ? matcher.group(1) : "?";
  }
}
