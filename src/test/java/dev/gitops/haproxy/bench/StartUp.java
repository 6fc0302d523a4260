package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.it.BenchmarkRig;
import dev.gitops.haproxy.it.DataplaneRig;
import dev.gitops.haproxy.it.TestKubernetes;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up, on real components: the wall time of a one-shot {@code validate --offline} (JVM start
 * included) against {@code haproxy -c} alone on the same file, with the JVM's default flags and
 * with the flags the README recommends for one-shot commands (those the image's command uses), and
 * with those and an AppCDS archive of the application's classes; and operator process start → the
 * first reconcile's first status write, for one HAProxyConfig. {@code dev/bench.sh start-up [RUNS]}.
 */
public final class StartUp {

  /** For a one-shot command: no tiered compilation to pay for, the smallest collector. */
  static final List<String> ONE_SHOT_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private StartUp() {
  }

  static void run(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path work = Files.createTempDirectory("bench-start-up-");
    int port = DataplaneRig.freePort();
    Path config = work.resolve("haproxy.cfg");
    Files.writeString(config, Scale.config(port, "start-up"));
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = Bench.REPOSITORY.resolve("target/haproxy-operator.jar").toString();

    Bench.Samples check = new Bench.Samples("haproxy -c (baseline)");
    Bench.Samples validate = new Bench.Samples("haproxy-operator validate --offline, default JVM flags");
    Bench.Samples tuned = new Bench.Samples("the same with " + String.join(" ", ONE_SHOT_FLAGS));
    Bench.Samples archived = new Bench.Samples("the same with an AppCDS archive of a first run");
    List<String> validateCommand = List.of(jar, "validate", config.toString(), "--offline");
    List<String> tunedJava = concat(List.of(javaBinary), ONE_SHOT_FLAGS);
    // What class data sharing of the application's own classes would save: an archive written at the
    // exit of one run (JDK 17's -XX:ArchiveClassesAtExit), for this JVM and this jar only.
    Path archive = work.resolve("validate.jsa");
    wallTime(concat(concat(tunedJava, List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar")), validateCommand));
    // The JVM only warns when it cannot write the archive: the row would then measure runs without one.
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException("the JVM wrote no AppCDS archive at " + archive);
    }
    for (int i = 0; i < runs + 1; i++) {
      long c = wallTime(List.of("haproxy", "-c", "-q", "-f", config.toString()));
      long v = wallTime(concat(List.of(javaBinary, "-jar"), validateCommand));
      long t = wallTime(concat(tunedJava, concat(List.of("-jar"), validateCommand)));
      long a = wallTime(concat(concat(tunedJava, List.of("-XX:SharedArchiveFile=" + archive, "-jar")),
          validateCommand));
      if (i > 0) {
        check.add(c);
        validate.add(v);
        tuned.add(t);
        archived.add(a);
      }
    }

    Bench.Samples firstStatus = new Bench.Samples("operator process start → first status written");
    try (BenchmarkRig rig = BenchmarkRig.start(BenchmarkRig.Kind.COLOCATED, "lb1")) {
      Path declared = work.resolve("colocated.yaml");
      Files.write(declared, concat(List.of("colocated:"), rig.colocatedDeclaration()));
      KubernetesClient client = TestKubernetes.get().client();
      for (int i = 0; i < Math.max(3, runs / 2); i++) {
        firstStatus.add(operatorStart(client, javaBinary, jar, declared, rig.target("lb1"), work, port, i));
      }
    }

    double goal = 2 * check.millis(50) + 500;
    Bench.report("start-up.md", List.of(
        "| " + runs + " runs each | median | p95 | p99 | ratio to haproxy -c (median) |",
        "|---|---|---|---|---|",
        check.row(null), withRatio(validate, check), withRatio(tuned, check), withRatio(archived, check),
        "",
        String.format("Goal for validate: ≤ 2 × haproxy -c + 0.5 s = %.0f ms.", goal),
        "",
        "| operator, one HAProxyConfig | median | p95 | p99 | |",
        "|---|---|---|---|---|",
        firstStatus.row(null)));
    Bench.data("start-up.json", Map.of("haproxyCheckMs", check.millis(), "validateMs", validate.millis(),
        "validateTunedMs", tuned.millis(), "validateTunedFlags", ONE_SHOT_FLAGS, "validateArchivedMs",
        archived.millis(), "firstStatusMs", firstStatus.millis()));
  }

  private static String withRatio(Bench.Samples samples, Bench.Samples baseline) {
    String row = samples.row(null);
    return row.substring(0, row.lastIndexOf("—")) + String.format("%.1f |", samples.millis(50) / baseline.millis(50));
  }

  /** Starts the operator with one HAProxyConfig waiting for it, and times its first status write. */
  private static long operatorStart(KubernetesClient client, String javaBinary, String jar, Path declared,
      Target target, Path work, int port, int run) throws Exception {
    String namespace = Bench.namespace(client, "bench-start-up");
    Bench.writeSecret(client, namespace, "edge-cfg", Scale.config(port, "start-up-" + run));
    client.resource(new HAProxyConfig(namespace, "edge", new HAProxyConfigSpec(
        new ConfigSource(new SecretKeySelector("edge-cfg", "haproxy.cfg")), List.of(target))))
        .create();
    List<String> command = concat(concat(List.of(javaBinary), Scale.IMAGE_JVM_FLAGS), List.of("-jar", jar,
        "--namespace", namespace, "--colocated-config", declared.toString(),
        "--metrics-port", String.valueOf(DataplaneRig.freePort()), "--health-port",
        String.valueOf(DataplaneRig.freePort())));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("operator-" + run + ".log").toFile());
    builder.environment().put("KUBECONFIG", TestKubernetes.get().kubeconfig().toString());
    long started = System.nanoTime();
    Process operator = builder.start();
    try {
      while (client.resources(HAProxyConfig.class).inNamespace(namespace).withName("edge").get().getStatus() == null) {
        if (!operator.isAlive() || System.nanoTime() - started > TimeUnit.MINUTES.toNanos(2)) {
          throw new IllegalStateException("no status from the operator; see " + work);
        }
        Thread.sleep(10);
      }
      return System.nanoTime() - started;
    } finally {
      Bench.stop(operator);
      client.resources(HAProxyConfig.class).inNamespace(namespace).delete();
    }
  }

  private static long wallTime(List<String> command) throws Exception {
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
    }
    return System.nanoTime() - started;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
