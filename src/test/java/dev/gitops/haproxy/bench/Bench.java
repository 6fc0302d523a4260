package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.Percentiles;
import dev.gitops.haproxy.it.Commands;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.operator.InputLabel;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** What the benchmarks share: the repository, the rig's scripts, the API server and the report. */
final class Bench {

  static final Path REPOSITORY = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();

  private Bench() {
  }

  static String namespace(KubernetesClient client, String prefix) {
    String name = prefix + "-" + Long.toHexString(System.nanoTime() & 0xfffff);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** Creates or replaces the labeled config Secret {@code name} holding {@code config}. */
  static void writeSecret(KubernetesClient client, String namespace, String name, String config) {
    client.resource(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .withLabels(Map.of(InputLabel.KEY, InputLabel.VALUE)).endMetadata()
        .withStringData(Map.of("haproxy.cfg", config)).build()).serverSideApply();
  }

  /** Completes with the time a watch sees the resource {@code name} Ready with {@code hash}. */
  static CompletableFuture<Long> readyAt(KubernetesClient client, String namespace, String name, String hash) {
    CompletableFuture<Long> at = new CompletableFuture<>();
    AtomicReference<Watch> watch = new AtomicReference<>();
    watch.set(client.resources(HAProxyConfig.class).inNamespace(namespace).withName(name).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, HAProxyConfig resource) {
        if (isReadyWith(resource, hash)) {
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

  static boolean isReadyWith(HAProxyConfig resource, String hash) {
    var status = resource.getStatus();
    return status != null && hash.equals(status.appliedHash())
        && status.condition("Ready").filter(c -> "True".equals(c.getStatus())).isPresent();
  }

  /** Runs a rig script; its failure ends the benchmark with the script's output. */
  static void run(String... command) {
    Commands.Result result = Commands.run(List.of(command), null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + result.output());
    }
  }

  /** Stops a process the way Kubernetes does: SIGTERM, then after its grace SIGKILL. */
  static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
  }

  static String script(String name) {
    return REPOSITORY.resolve("dev").resolve(name).toString();
  }

  /** Writes a report under target/bench and prints it. */
  static void report(String file, List<String> lines) throws IOException {
    Path report = REPOSITORY.resolve("target/bench").resolve(file);
    Files.createDirectories(report.getParent());
    Files.write(report, lines);
    System.out.println();
    lines.forEach(System.out::println);
    System.out.println();
    System.out.println("written to " + report);
  }

  /** Writes what a benchmark measured, for dev/bench-report.py: its goals and its charts. */
  static void data(String file, Object measured) throws IOException {
    Path data = REPOSITORY.resolve("target/bench").resolve(file);
    Files.createDirectories(data.getParent());
    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(data.toFile(),
        measured);
  }

  /** Durations of one kind, and their nearest-rank percentiles. */
  static final class Samples {
    private final String name;
    private final List<Long> nanos = new ArrayList<>();

    Samples(String name) {
      this.name = name;
    }

    void add(long value) {
      nanos.add(value);
    }

    /** Every sample, in milliseconds, in the order measured. */
    List<Double> millis() {
      return nanos.stream().map(n -> n / 1e6).toList();
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
