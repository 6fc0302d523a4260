package dev.gitops.haproxy.bench;

import dev.gitops.haproxy.it.TestKubernetes;
import dev.gitops.haproxy.operator.HAProxyOperator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The operator's heap with 0 and with N unrelated Secrets (Helm-release-like, 4 KiB each) in the
 * namespace it watches, next to an informer that caches every Secret there (what the operator's
 * Secret informer did before it selected by the opt-in label), all measured in one run against
 * the real API server. Heap is the live set after a full collection, so run it with one
 * collector and nothing else in the JVM: {@code dev/bench.sh secret-cache [N]}.
 */
public final class SecretCacheHeap {

  private static final int SECRET_BYTES = 4096;

  private SecretCacheHeap() {
  }

  static void run(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    KubernetesClient client = TestKubernetes.get().client();
    String quiet = namespace(client, "heap-quiet");
    String crowded = namespace(client, "heap-crowded");
    long created = System.nanoTime();
    createUnrelatedSecrets(client, crowded, count);
    System.out.printf("created %d unrelated Secrets of %d bytes in %d s%n", count, SECRET_BYTES,
        Duration.ofNanos(System.nanoTime() - created).toSeconds());

    // Once before measuring: classes loaded and static state built count for neither side.
    operatorHeap(client, quiet);
    long operatorQuiet = operatorHeap(client, quiet);
    long operatorCrowded = operatorHeap(client, crowded);
    unselectedInformerHeap(client, quiet);
    long everySecret = unselectedInformerHeap(client, crowded);

    System.out.println();
    System.out.println("| in the watched namespace | live heap the operator adds (MiB) | difference to 0 Secrets (MiB) |");
    System.out.println("|---|---|---|");
    System.out.printf("| 0 unrelated Secrets | %.1f | 0 |%n", mib(operatorQuiet));
    System.out.printf("| %d unrelated Secrets | %.1f | %+.1f |%n", count, mib(operatorCrowded),
        mib(operatorCrowded - operatorQuiet));
    System.out.printf("| %d unrelated Secrets, also cached by an informer on every Secret (as before the opt-in "
        + "label) | %.1f | %+.1f |%n", count, mib(operatorQuiet + everySecret), mib(everySecret));
  }

  private static String namespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    return name;
  }

  private static void createUnrelatedSecrets(KubernetesClient client, String namespace, int count) throws Exception {
    Random random = new Random(42);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] release = new byte[SECRET_BYTES];
        random.nextBytes(release);
        Secret secret = new SecretBuilder().withNewMetadata().withNamespace(namespace)
            .withName("sh.helm.release.v1.app-" + i + ".v1").withLabels(Map.of("owner", "helm", "name", "app-" + i))
            .endMetadata().withType("helm.sh/release.v1")
            .withData(Map.of("release", Base64.getEncoder().encodeToString(release))).build();
        writes.add(pool.submit(() -> client.resource(secret).serverSideApply()));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** What the operator, started and synced on {@code namespace}, adds to the live heap. */
  private static long operatorHeap(KubernetesClient client, String namespace) throws InterruptedException {
    long before = liveHeap();
    try (HAProxyOperator operator = HAProxyOperator.start(client, HAProxyOperator.Settings.defaults(Set.of(namespace)))) {
      awaitHealthy(operator);
      long after = liveHeap();
      System.out.printf("operator watching %s: %+.1f MiB%n", namespace, mib(after - before));
      return after - before;
    }
  }

  /** What an informer on every Secret of {@code namespace} adds to the live heap. */
  private static long unselectedInformerHeap(KubernetesClient client, String namespace) throws InterruptedException {
    long before = liveHeap();
    SharedIndexInformer<Secret> informer = client.secrets().inNamespace(namespace).inform();
    try {
      informer.start().toCompletableFuture().join();
      long after = liveHeap();
      System.out.printf("informer on every Secret of %s (%d cached): %+.1f MiB%n", namespace,
          informer.getStore().list().size(), mib(after - before));
      return after - before;
    } finally {
      informer.close();
    }
  }

  private static void awaitHealthy(HAProxyOperator operator) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!operator.isHealthy()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the operator did not become healthy within 2 minutes");
      }
      Thread.sleep(100);
    }
    // The informers report healthy once started; give the lists of a crowded namespace time to land.
    Thread.sleep(3000);
  }

  /** Used heap after full collections: what stays reachable. */
  private static long liveHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
