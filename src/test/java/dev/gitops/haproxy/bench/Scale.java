package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.TestConfigs;
import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.it.BenchmarkRig;
import dev.gitops.haproxy.it.DataplaneRig;
import dev.gitops.haproxy.it.TestKubernetes;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.target.LoadBalancer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scale, and the operator's memory, in one run on real components: N HAProxyConfigs, each with its
 * own co-located HAProxy (one thread, a small config), for each N of the curve. The operator runs
 * as its own process, with the image's JVM flags, started after the resources exist:
 * <ol>
 *   <li>process start → all N Ready, against the same N validate + apply + verified reloads made
 *       directly, as many at once as the operator's reconcile threads allow (the baseline);</li>
 *   <li>a re-sync of all N with nothing changed (one interval): HAProxy reloads, status writes and
 *       Events counted, each must be 0;</li>
 *   <li>one Secret change among N: Secret update → Ready, which must not grow with N;</li>
 *   <li>the operator's RSS and live heap after a full collection; at the largest N, again with
 *       5,000 unrelated Secrets in the watched namespace.</li>
 * </ol>
 * {@code dev/bench.sh scale [N ...]}.
 */
public final class Scale {

  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final int CHANGES = 5;
  private static final int UNRELATED_SECRETS = 5000;
  /**
   * The operator's JVM flags: the image's (Jib's JAVA_TOOL_OPTIONS default and jvmFlags in pom.xml,
   * read from there), sized for
   * the memory limit the chart gives the pod, as the JVM sizes itself inside that container.
   */
  static final List<String> IMAGE_JVM_FLAGS = imageJvmFlags();
  /** JOSDK's default number of reconciles at once, which the direct baseline uses too. */
  private static final int RECONCILE_THREADS = 50;

  private Scale() {
  }

  /** One co-located HAProxy of the run, answering on {@code port}. */
  record LoadBalancerRun(String name, BenchmarkRig rig, int port) {
  }

  record Row(int count, double allReadySeconds, double directSeconds, double firstStatusSeconds, long reloadsOnResync,
      long statusWritesOnResync, long eventsOnResync, long reconcilesOnResync, Bench.Samples change, Memory memory) {
  }

  record Memory(double rssMiB, double heapMiB) {
  }

  static void run(String[] args) throws Exception {
    List<Integer> counts = args.length > 0 ? Arrays.stream(args).map(Integer::parseInt).sorted().toList()
        : List.of(25, 50, 100, 200);
    int largest = counts.get(counts.size() - 1);
    Path work = Files.createTempDirectory("bench-scale-");
    List<LoadBalancerRun> loadBalancers = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Row> rows = new ArrayList<>();
    try {
      startLoadBalancers(work, largest, loadBalancers);
      Path declared = declaration(work, loadBalancers);
      KubernetesClient client = TestKubernetes.get().client();
      for (int count : counts) {
        List<LoadBalancerRun> used = loadBalancers.subList(0, count);
        double direct = direct(declared, used, "direct-" + count);
        Row row = measure(client, declared, used, direct, count == largest, work);
        rows.add(row);
        System.out.printf("N=%d: all Ready %.1f s (direct %.1f s)%n", count, row.allReadySeconds(), direct);
      }
    } finally {
      ExecutorService stopping = Executors.newFixedThreadPool(8);
      for (LoadBalancerRun lb : loadBalancers) {
        stopping.submit(lb.rig()::close);
      }
      stopping.shutdown();
      stopping.awaitTermination(2, TimeUnit.MINUTES);
    }
    List<String> table = new ArrayList<>(List.of(
        "| HAProxyConfigs (one co-located HAProxy each) | process start → first status | process start → all Ready "
            + "| the same applies made directly (baseline) | ratio | re-sync: reloads / status writes / Events "
            + "(reconciles) | one Secret change → Ready, median of " + CHANGES + " | operator RSS / live heap |",
        "|---|---|---|---|---|---|---|---|"));
    for (Row row : rows) {
      table.add(String.format("| %d | %.1f s | %.1f s | %.1f s | %.2f | %d / %d / %d (%d) | %.0f ms | %.0f MiB / %.0f MiB |",
          row.count(), row.firstStatusSeconds(), row.allReadySeconds(), row.directSeconds(),
          row.allReadySeconds() / row.directSeconds(), row.reloadsOnResync(), row.statusWritesOnResync(),
          row.eventsOnResync(), row.reconcilesOnResync(), row.change().millis(50), row.memory().rssMiB(),
          row.memory().heapMiB()));
    }
    Bench.report("scale.md", table);
    Bench.data("scale.json", rows.stream().map(row -> Map.of("count", row.count(),
        "allReadySeconds", row.allReadySeconds(), "directSeconds", row.directSeconds(),
        "firstStatusSeconds", row.firstStatusSeconds(),
        "resync", Map.of("reloads", row.reloadsOnResync(), "statusWrites", row.statusWritesOnResync(),
            "events", row.eventsOnResync(), "reconciles", row.reconcilesOnResync()),
        "changeMs", row.change().millis(), "rssMiB", row.memory().rssMiB(), "heapMiB", row.memory().heapMiB()))
        .toList());
  }

  /** Starts {@code count} HAProxies, each in its own directory with its own port, into {@code started}. */
  private static void startLoadBalancers(Path work, int count, List<LoadBalancerRun> started) throws Exception {
    ExecutorService starting = Executors.newFixedThreadPool(4);
    List<Future<?>> starts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "lb" + i;
      int port = DataplaneRig.freePort();
      starts.add(starting.submit(() -> {
        Path initial = Files.writeString(work.resolve(name + "-initial.cfg"), config(port, "initial"));
        started.add(new LoadBalancerRun(name, BenchmarkRig.startColocated(name, initial), port));
        return null;
      }));
    }
    try {
      for (Future<?> start : starts) {
        start.get();
      }
    } finally {
      starting.shutdown();
    }
    started.sort(java.util.Comparator.comparingInt(lb -> Integer.parseInt(lb.name().substring(2))));
  }

  /** One declaration of every HAProxy, for --colocated-config. */
  private static Path declaration(Path work, List<LoadBalancerRun> loadBalancers) throws IOException {
    List<String> lines = new ArrayList<>(List.of("colocated:"));
    for (LoadBalancerRun lb : loadBalancers) {
      lines.addAll(lb.rig().colocatedDeclaration());
    }
    Path declared = work.resolve("colocated.yaml");
    Files.write(declared, lines);
    return declared;
  }

  /** A small config: one thread, one frontend answering {@code body}. */
  static String config(int port, String body) {
    return TestConfigs.respondingWith(port, body).replaceFirst("global\n", "global\n    nbthread 1\n");
  }

  /** The baseline: the same validate + apply + verified reload on each HAProxy, without the operator. */
  private static double direct(Path declared, List<LoadBalancerRun> used, String body) throws Exception {
    ColocatedTargets targets = ColocatedTargets.load(declared);
    ExecutorService pool = Executors.newFixedThreadPool(RECONCILE_THREADS);
    long started = System.nanoTime();
    List<Future<?>> applied = new ArrayList<>();
    for (LoadBalancerRun lb : used) {
      applied.add(pool.submit(() -> {
        LoadBalancer direct = new ColocatedLoadBalancer(targets.get(lb.name()).orElseThrow(), ColocatedTimeouts.DEFAULT);
        byte[] config = config(lb.port(), body).getBytes(StandardCharsets.UTF_8);
        direct.validate(config);
        direct.apply(config);
        return null;
      }));
    }
    for (Future<?> future : applied) {
      future.get();
    }
    pool.shutdown();
    return (System.nanoTime() - started) / 1e9;
  }

  private static Row measure(KubernetesClient client, Path declared, List<LoadBalancerRun> used, double direct,
      boolean crowd, Path work) throws Exception {
    int count = used.size();
    String namespace = Bench.namespace(client, "bench-scale-" + count);
    Map<String, String> hashes = new HashMap<>();
    for (int i = 0; i < count; i++) {
      LoadBalancerRun lb = used.get(i);
      String config = config(lb.port(), namespace + "-" + i);
      hashes.put("hc" + i, ConfigHash.of(config));
      Bench.writeSecret(client, namespace, "hc" + i + "-cfg", config);
      HAProxyConfigSpec spec = new HAProxyConfigSpec(new ConfigSource(new SecretKeySelector("hc" + i + "-cfg",
          "haproxy.cfg")), List.of(Target.colocated(lb.name(), lb.name())));
      spec.setInterval(INTERVAL.toSeconds() + "s");
      client.resource(new HAProxyConfig(namespace, "hc" + i, spec)).create();
    }
    int metricsPort = DataplaneRig.freePort();
    Path log = work.resolve("operator-" + count + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(IMAGE_JVM_FLAGS);
    command.addAll(List.of("-cp", runtimeClasspath(), "dev.gitops.haproxy.cli.Main", "--namespace", namespace,
        "--colocated-config", declared.toString(), "--metrics-port", String.valueOf(metricsPort),
        "--health-port", String.valueOf(DataplaneRig.freePort())));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", TestKubernetes.get().kubeconfig().toString());
    long started = System.nanoTime();
    Process operator = builder.start();
    try {
      double firstStatus = -1;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        List<HAProxyConfig> listed = client.resources(HAProxyConfig.class).inNamespace(namespace).list().getItems();
        if (firstStatus < 0 && listed.stream().anyMatch(r -> r.getStatus() != null)) {
          firstStatus = (System.nanoTime() - started) / 1e9;
        }
        long ready = listed.stream().filter(r -> Bench.isReadyWith(r, hashes.get(r.getMetadata().getName()))).count();
        if (ready == count) {
          break;
        }
        if (System.nanoTime() > deadline || !operator.isAlive()) {
          throw new IllegalStateException(ready + " of " + count + " Ready; see " + log);
        }
        Thread.sleep(100);
      }
      double allReady = (System.nanoTime() - started) / 1e9;

      // A re-sync with nothing changed: one whole interval, plus the time the first round took.
      Map<String, Long> reloads = reloads(used);
      Map<String, String> versions = resourceVersions(client, namespace);
      int events = client.v1().events().inNamespace(namespace).list().getItems().size();
      double reconciles = reconciles(metricsPort);
      Thread.sleep(INTERVAL.toMillis() + (long) (allReady * 1000) + 2000);
      Map<String, Long> reloadsAfter = reloads(used);
      long reloaded = used.stream().filter(lb -> !reloads.get(lb.name()).equals(reloadsAfter.get(lb.name()))).count();
      Map<String, String> versionsAfter = resourceVersions(client, namespace);
      long written = versions.keySet().stream().filter(n -> !versions.get(n).equals(versionsAfter.get(n))).count();
      int eventsAfter = client.v1().events().inNamespace(namespace).list().getItems().size();
      long resynced = Math.round(reconciles(metricsPort) - reconciles);

      Bench.Samples change = new Bench.Samples("one change among " + count);
      int middle = count / 2;
      for (int c = 0; c < CHANGES; c++) {
        String config = config(used.get(middle).port(), namespace + "-changed-" + c);
        var readyAt = Bench.readyAt(client, namespace, "hc" + middle, ConfigHash.of(config));
        long updated = System.nanoTime();
        Bench.writeSecret(client, namespace, "hc" + middle + "-cfg", config);
        change.add(readyAt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) - updated);
      }
      Memory memory = memory(operator.pid());
      if (crowd) {
        crowdWithUnrelatedSecrets(client, namespace);
        Thread.sleep(INTERVAL.toMillis());
        Memory crowded = memory(operator.pid());
        System.out.printf("with %d unrelated Secrets: RSS %.0f MiB (%+.0f), live heap %.0f MiB (%+.0f)%n",
            UNRELATED_SECRETS, crowded.rssMiB(), crowded.rssMiB() - memory.rssMiB(), crowded.heapMiB(),
            crowded.heapMiB() - memory.heapMiB());
        Bench.data("memory.json", Map.of("count", count, "unrelatedSecrets", UNRELATED_SECRETS,
            "rssMiB", memory.rssMiB(), "heapMiB", memory.heapMiB(),
            "crowdedRssMiB", crowded.rssMiB(), "crowdedHeapMiB", crowded.heapMiB(), "jvmFlags", IMAGE_JVM_FLAGS));
        Bench.report("memory.md", List.of(
            "| watched namespace, " + count + " HAProxyConfigs | operator RSS | live heap after a full collection |",
            "|---|---|---|",
            String.format("| no unrelated Secrets | %.0f MiB | %.1f MiB |", memory.rssMiB(), memory.heapMiB()),
            String.format("| %,d unrelated Secrets (4 KiB each) | %.0f MiB | %.1f MiB |", UNRELATED_SECRETS,
                crowded.rssMiB(), crowded.heapMiB())));
      }
      return new Row(count, allReady, direct, firstStatus, reloaded, written, eventsAfter - events, resynced, change,
          memory);
    } finally {
      Bench.stop(operator);
      // No namespace controller runs here: the resources go one by one, and with them their claims.
      client.resources(HAProxyConfig.class).inNamespace(namespace).delete();
    }
  }

  private static List<String> imageJvmFlags() {
    try {
      List<String> flags = new ArrayList<>();
      Matcher flag = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(
          Files.readString(Bench.REPOSITORY.resolve("pom.xml")));
      while (flag.find()) {
        flags.add(flag.group(1));
      }
      Matcher defaults = Pattern.compile("<JAVA_TOOL_OPTIONS>([^<]+)</JAVA_TOOL_OPTIONS>").matcher(
          Files.readString(Bench.REPOSITORY.resolve("pom.xml")));
      if (defaults.find()) {
        flags.addAll(0, List.of(defaults.group(1).trim().split("\\s+")));
      }
      Matcher limit = Pattern.compile("(?m)^  limits:\\n    memory: (\\d+)Mi$").matcher(
          Files.readString(Bench.REPOSITORY.resolve("charts/haproxy-operator/values.yaml")));
      if (!limit.find()) {
        throw new IllegalStateException("no memory limit in the chart's values.yaml");
      }
      flags.add("-XX:MaxRAM=" + limit.group(1) + "m");
      // Below 1792 MiB a container is no server-class machine to the JVM, which then picks the serial
      // collector; -XX:MaxRAM does not change that choice, and this host's memory would pick G1.
      flags.add("-XX:+UseSerialGC");
      return List.copyOf(flags);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String runtimeClasspath() throws IOException {
    return "target/classes:" + Files.readString(Bench.REPOSITORY.resolve("target/runtime-classpath.txt")).trim();
  }

  /** Each master's reload count. */
  private static Map<String, Long> reloads(List<LoadBalancerRun> used) throws IOException, InterruptedException {
    Map<String, Long> reloads = new HashMap<>();
    for (LoadBalancerRun lb : used) {
      reloads.put(lb.name(), lb.rig().applies());
    }
    return reloads;
  }

  private static Map<String, String> resourceVersions(KubernetesClient client, String namespace) {
    Map<String, String> versions = new HashMap<>();
    client.resources(HAProxyConfig.class).inNamespace(namespace).list().getItems()
        .forEach(r -> versions.put(r.getMetadata().getName(), r.getMetadata().getResourceVersion()));
    return versions;
  }

  private static final Pattern RECONCILES = Pattern.compile(
      "(?m)^operator_sdk_reconciliations_started_total\\{[^}]*\\}\\s+([0-9.eE+]+)$");

  /** Reconciles started, summed over the resources, from the operator's own /metrics. */
  private static double reconciles(int metricsPort) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + metricsPort + "/metrics")
        .toURL().openConnection();
    String text = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher matcher = RECONCILES.matcher(text);
    double total = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  /** RSS from /proc, and the live heap after a full collection (jcmd). */
  private static Memory memory(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Bench.run(jcmd, String.valueOf(pid), "GC.run");
    Thread.sleep(500);
    // The heap's lines: G1's one "garbage-first heap", or the serial collector's two generations.
    Matcher used = Pattern.compile("(?m)^\\s*(?:garbage-first heap|def new generation|tenured generation)\\s.*?used (\\d+)K")
        .matcher(jcmdOutput(jcmd, pid, "GC.heap_info"));
    long usedKiB = 0;
    while (used.find()) {
      usedKiB += Long.parseLong(used.group(1));
    }
    double heap = usedKiB > 0 ? usedKiB / 1024.0 : Double.NaN;
    Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
    return new Memory(rss.find() ? Long.parseLong(rss.group(1)) / 1024.0 : Double.NaN, heap);
  }

  private static String jcmdOutput(String jcmd, long pid, String what) throws Exception {
    Process process = new ProcessBuilder(jcmd, String.valueOf(pid), what).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  /** Helm-release-like Secrets the operator has no business with: no input label. */
  private static void crowdWithUnrelatedSecrets(KubernetesClient client, String namespace) throws Exception {
    byte[] payload = new byte[4096];
    Arrays.fill(payload, (byte) 'x');
    String data = java.util.Base64.getEncoder().encodeToString(payload);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> created = new ArrayList<>();
    for (int i = 0; i < UNRELATED_SECRETS; i++) {
      String name = "sh.helm.release.v1.unrelated." + i;
      created.add(pool.submit(() -> client.secrets().inNamespace(namespace).resource(new SecretBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withType("helm.sh/release.v1").withData(Collections.singletonMap("release", data)).build()).create()));
    }
    for (Future<?> future : created) {
      future.get();
    }
    pool.shutdown();
  }
}
