package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.pipeline.Backoff;
import dev.gitops.haproxy.pipeline.Rollout;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import dev.gitops.haproxy.policy.Policy;
import dev.gitops.haproxy.policy.PolicyFile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The k8s-mode operator: wires the reconciler's collaborators and runs JOSDK. */
public final class HAProxyOperator implements AutoCloseable {

  /**
   * @param namespaces the namespaces to watch; empty watches all
   * @param retryInitial first delay after a transient failure; doubles up to {@code retryMax}
   * @param clients creates the Data Plane API clients (timeouts, TLS)
   * @param colocated the co-located HAProxies targets may select
   * @param metrics receives JOSDK's reconcile callbacks
   * @param meterRegistry where the operator's own metrics go
   * @param leaderElection when present, only the holder of the Lease reconciles
   * @param allowedTargetHosts the Data Plane API hosts resources may name; none by default
   * @param allowInsecureHttp whether targets may use plain http://
   * @param minimumInterval the shortest spec.interval honoured: each re-check reads every target
   * @param policy what configs may contain; the default policy unless told otherwise, as in {@code validate}
   */
  public record Settings(Set<String> namespaces, Duration retryInitial, Duration retryMax,
      DataplaneClientFactory clients, ColocatedTargets colocated, Metrics metrics, MeterRegistry meterRegistry,
      Optional<LeaderElectionConfiguration> leaderElection, AllowedHosts allowedTargetHosts, boolean allowInsecureHttp,
      Duration minimumInterval, Policy policy) {

    public static Settings defaults(Set<String> namespaces) {
      return new Settings(namespaces, Duration.ofSeconds(2), Duration.ofMinutes(5),
          new DataplaneClientFactory(DataplaneTimeouts.DEFAULT), ColocatedTargets.none(), Metrics.NOOP, new SimpleMeterRegistry(),
          Optional.empty(), AllowedHosts.NONE, false, HAProxyConfigReconciler.MIN_INTERVAL, PolicyFile.builtIn());
    }

    public Settings withPolicy(Policy configPolicy) {
      return with(b -> b.policy = configPolicy);
    }

    public Settings withMetrics(Metrics josdkMetrics, MeterRegistry registry) {
      return with(b -> {
        b.metrics = josdkMetrics;
        b.meterRegistry = registry;
      });
    }

    public Settings withLeaderElection(LeaderElectionConfiguration configuration) {
      return with(b -> b.leaderElection = Optional.of(configuration));
    }

    public Settings withRetry(Duration initial, Duration max) {
      return with(b -> {
        b.retryInitial = initial;
        b.retryMax = max;
      });
    }

    public Settings withClients(DataplaneClientFactory factory) {
      return with(b -> b.clients = factory);
    }

    public Settings withColocated(ColocatedTargets declared) {
      return with(b -> b.colocated = declared);
    }

    /** Honours spec.interval down to {@code shortest} (tests that wait for several intervals). */
    public Settings withMinimumInterval(Duration shortest) {
      return with(b -> b.minimumInterval = shortest);
    }

    public Settings withAllowedTargetHosts(AllowedHosts hosts) {
      return with(b -> b.allowedTargetHosts = hosts);
    }

    /** Lets targets use plain http:// (local development and tests). */
    public Settings withInsecureHttpAllowed() {
      return with(b -> b.allowInsecureHttp = true);
    }

    private Settings with(Consumer<Changed> change) {
      Changed changed = new Changed(this);
      change.accept(changed);
      return changed.settings();
    }
  }

  /** A copy of {@link Settings} being changed: records have no withers. */
  private static final class Changed {
    private final Set<String> namespaces;
    private Duration retryInitial;
    private Duration retryMax;
    private DataplaneClientFactory clients;
    private ColocatedTargets colocated;
    private Metrics metrics;
    private MeterRegistry meterRegistry;
    private Optional<LeaderElectionConfiguration> leaderElection;
    private AllowedHosts allowedTargetHosts;
    private boolean allowInsecureHttp;
    private Duration minimumInterval;
    private Policy policy;

    Changed(Settings settings) {
      namespaces = settings.namespaces();
      retryInitial = settings.retryInitial();
      retryMax = settings.retryMax();
      clients = settings.clients();
      colocated = settings.colocated();
      metrics = settings.metrics();
      meterRegistry = settings.meterRegistry();
      leaderElection = settings.leaderElection();
      allowedTargetHosts = settings.allowedTargetHosts();
      allowInsecureHttp = settings.allowInsecureHttp();
      minimumInterval = settings.minimumInterval();
      policy = settings.policy();
    }

    Settings settings() {
      return new Settings(namespaces, retryInitial, retryMax, clients, colocated, metrics, meterRegistry, leaderElection,
          allowedTargetHosts, allowInsecureHttp, minimumInterval, policy);
    }
  }

  /**
   * How long a stop waits for reconciles in flight, so that no apply is cut in half: a stopping
   * operator starts no further target, and one target's apply, reload wait included, ends within
   * this. The chart's terminationGracePeriodSeconds (120) leaves room for it and the Lease hand-over.
   */
  public static final Duration TERMINATION_GRACE = Duration.ofSeconds(100);
  /** After the grace, what an interrupted apply needs to put the previous config file back. */
  private static final Duration ABANDON_GRACE = Duration.ofSeconds(10);
  /**
   * A reconcile running this long is stuck: its budget plus one target's deadlines are far less.
   * Liveness fails, and the pod is restarted.
   */
  public static final Duration STUCK_AFTER = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(HAProxyOperator.class);

  private final Operator operator;
  private final EventRecorder events;
  private final ExecutorService workers;
  private final ExecutorService reporting;
  private final InFlightReconciles inFlight;
  /** Set once no reconcile runs any more (or they were abandoned): losing the Lease from now on is the plan. */
  private volatile boolean handingOver;

  private HAProxyOperator(Operator operator, EventRecorder events, ExecutorService workers, ExecutorService reporting,
      InFlightReconciles inFlight) {
    this.operator = operator;
    this.events = events;
    this.workers = workers;
    this.reporting = reporting;
    this.inFlight = inFlight;
  }

  public static HAProxyOperator start(KubernetesClient client, Settings settings) {
    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client, clock);
    ExecutorService workers = Executors.newCachedThreadPool(daemon("rollout"));
    // Its own pool: a stop interrupts the rollouts past the grace, and the reconciles they belonged
    // to still record their Events. Bounded: 50 reconciles at once would otherwise mean 150 threads.
    ExecutorService reporting = Executors.newFixedThreadPool(REPORTING_THREADS, daemon("events"));
    InFlightReconciles inFlight = new InFlightReconciles();
    LoadBalancerFactory loadBalancers =
        new LoadBalancerFactory(settings.clients(), settings.colocated(), ColocatedTimeouts.DEFAULT);
    HAProxyConfigReconciler reconciler = new HAProxyConfigReconciler(new HAProxyConfigReconciler.Collaborators(
        new TargetPolicy(settings.allowedTargetHosts(), settings.allowInsecureHttp(), loadBalancers.verifiesSpiffeIds()),
        settings.policy(),
        loadBalancers,
        new Rollout(new TargetSynchronizer(), workers),
        events,
        reporting,
        new OperatorMetrics(settings.meterRegistry()),
        new RetryBackoff(new Backoff(settings.retryInitial(), settings.retryMax())),
        settings.minimumInterval(),
        clock,
        inFlight,
        Optional.ofNullable(client.getNamespace()).orElse("default")));
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withMetrics(new DeletionAwareMetrics(settings.metrics(), reconciler::forget))
          // The reconciles in flight were waited for, and abandoned, before (stop()).
          .withReconciliationTerminationTimeout(Duration.ofSeconds(1));
      settings.leaderElection().ifPresent(o::withLeaderElectionConfiguration);
    });
    operator.register(reconciler, c -> {
      if (settings.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(settings.namespaces());
      }
    });
    operator.start();
    return new HAProxyOperator(operator, events, workers, reporting, inFlight);
  }

  private static final int REPORTING_THREADS = 8;

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  public EventRecorder events() {
    return events;
  }

  /** Started, its informers healthy (for a standby replica: started), and no reconcile stuck. */
  public boolean isHealthy() {
    Optional<Duration> longest = inFlight.longest();
    if (longest.isPresent() && longest.get().compareTo(STUCK_AFTER) > 0) {
      LOG.error("a reconcile has run for {} s, longer than any it could take: reporting unhealthy",
          longest.get().toSeconds());
      return false;
    }
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Whether a stop has finished with the reconciles and now stops JOSDK, giving up the Lease. */
  public boolean isHandingOver() {
    return handingOver;
  }

  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  /**
   * Stops without cutting an apply in half: rollouts start no further target, the reconciles in
   * flight finish (for up to {@link #TERMINATION_GRACE}), and only then does this return, and the
   * caller hand the Lease over. A reconcile still running after the grace is interrupted: a
   * co-located target puts its previous config file back.
   */
  @Override
  public void close() {
    stop();
  }

  /**
   * {@link #close()}, telling whether every reconcile ended: when one still runs, the Lease is
   * better left to expire than handed over.
   */
  public boolean stop() {
    inFlight.stop();
    boolean idle = false;
    try {
      // Drained and, past the grace, abandoned before JOSDK stops: its stop shuts down the executor
      // that renews the leader's Lease, which would then expire under an apply still running.
      idle = inFlight.awaitIdle(TERMINATION_GRACE);
      if (!idle) {
        // Interrupted, an apply puts its previous config file back.
        workers.shutdownNow();
        inFlight.interruptAll();
        idle = inFlight.awaitIdle(ABANDON_GRACE);
      }
      if (!idle) {
        LOG.error("stopping with {} reconcile(s) still running after {} s", inFlight.count(),
            TERMINATION_GRACE.plus(ABANDON_GRACE).toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handingOver = true;
    operator.stop();
    workers.shutdownNow();
    reporting.shutdown();
    return idle;
  }
}
