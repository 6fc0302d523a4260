package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.pipeline.Backoff;
import dev.gitops.haproxy.pipeline.Rollout;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The k8s-mode operator: wires the reconciler's collaborators and runs JOSDK. */
public final class HAProxyOperator implements AutoCloseable {

  /**
   * @param namespaces the namespaces to watch; empty watches all
   * @param retryInitial first delay after a transient failure; doubles up to {@code retryMax}
   * @param metrics receives JOSDK's reconcile callbacks
   */
  public record Settings(Set<String> namespaces, Duration retryInitial, Duration retryMax, DataplaneTimeouts timeouts,
      Metrics metrics) {

    public static Settings defaults(Set<String> namespaces) {
      return new Settings(namespaces, Duration.ofSeconds(2), Duration.ofMinutes(5), DataplaneTimeouts.DEFAULT,
          Metrics.NOOP);
    }
  }

  private final Operator operator;
  private final EventRecorder events;
  private final ExecutorService parallelRollouts;

  private HAProxyOperator(Operator operator, EventRecorder events, ExecutorService parallelRollouts) {
    this.operator = operator;
    this.events = events;
    this.parallelRollouts = parallelRollouts;
  }

  public static HAProxyOperator start(KubernetesClient client, Settings settings) {
    EventRecorder events = new EventRecorder(client);
    ExecutorService parallelRollouts = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "rollout");
      thread.setDaemon(true);
      return thread;
    });
    HAProxyConfigReconciler reconciler = new HAProxyConfigReconciler(
        new DataplaneClientFactory(settings.timeouts()),
        new Rollout(new TargetSynchronizer()::sync, parallelRollouts),
        events,
        new RetryBackoff(new Backoff(settings.retryInitial(), settings.retryMax())),
        Clock.systemUTC());
    Operator operator = new Operator(o -> o.withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withMetrics(settings.metrics()));
    operator.register(reconciler, c -> {
      if (settings.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(settings.namespaces());
      }
    });
    operator.start();
    return new HAProxyOperator(operator, events, parallelRollouts);
  }

  public EventRecorder events() {
    return events;
  }

  @Override
  public void close() {
    operator.stop();
    parallelRollouts.shutdownNow();
  }
}
