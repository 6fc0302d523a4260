package dev.gitops.haproxy.cli;

import dev.gitops.haproxy.colocated.ColocatedHAProxy;
import dev.gitops.haproxy.colocated.ColocatedLoadBalancer;
import dev.gitops.haproxy.colocated.ColocatedTargets;
import dev.gitops.haproxy.colocated.ColocatedTimeouts;
import dev.gitops.haproxy.dataplane.DataplaneClientFactory;
import dev.gitops.haproxy.dataplane.DataplaneEndpoint;
import dev.gitops.haproxy.dataplane.DataplaneTimeouts;
import dev.gitops.haproxy.local.LocalMode;
import dev.gitops.haproxy.local.OutcomeReporter;
import dev.gitops.haproxy.operator.AllowedHosts;
import dev.gitops.haproxy.operator.HAProxyOperator;
import dev.gitops.haproxy.pipeline.Backoff;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import dev.gitops.haproxy.policy.Policy;
import dev.gitops.haproxy.target.LoadBalancer;
import dev.gitops.haproxy.tls.SpiffeUnavailableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * The command line: the operator ({@code --mode k8s}, the default), local mode
 * ({@code --mode local --config-file haproxy.cfg}) and the one-shot {@code validate}, {@code apply} and
 * {@code diff}.
 */
@Command(name = "haproxy-operator", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Keeps HAProxy load balancers running the haproxy.cfg committed to Git.",
    subcommands = {ValidateCommand.class, ApplyCommand.class, DiffCommand.class},
    exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.FATAL)
public final class Main implements Callable<Integer> {

  /** Not a static field: a one-shot command that logs nothing must not start logging (see Logging). */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }

  enum Mode { k8s, local }

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--mode", defaultValue = "${env:MODE:-k8s}",
      description = "Run mode: ${COMPLETION-CANDIDATES} (env MODE; default ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(names = "--namespace", defaultValue = "${env:WATCH_NAMESPACE}",
      description = "k8s mode: namespace(s) to watch, comma-separated; an empty value watches all namespaces "
          + "(env WATCH_NAMESPACE; default: the pod's namespace, or the kubeconfig's).")
  String namespace;

  @Option(names = "--leader-elect", defaultValue = "${env:LEADER_ELECT:-false}", fallbackValue = "true", arity = "0..1",
      description = "k8s mode: elect a leader with a Lease so that several replicas are safe (env LEADER_ELECT).")
  boolean leaderElect;

  @Option(names = "--allowed-target-hosts", defaultValue = "${env:ALLOWED_TARGET_HOSTS:-}",
      converter = AllowedHostsConverter.class,
      description = "k8s mode: the Data Plane API hosts that HAProxyConfigs may name as targets, comma-separated: *, "
          + "a host name, *.domain, an IP address or a CIDR block; names are not resolved (env ALLOWED_TARGET_HOSTS; "
          + "default: none, only co-located targets).")
  AllowedHosts allowedTargetHosts;

  @Option(names = "--allow-insecure-http", defaultValue = "${env:ALLOW_INSECURE_HTTP:-false}", fallbackValue = "true",
      arity = "0..1", description = "k8s mode: let targets use plain http:// (credentials in clear text); "
          + "for local development only (env ALLOW_INSECURE_HTTP).")
  boolean allowInsecureHttp;

  @Option(names = "--metrics-port", defaultValue = "${env:METRICS_PORT:-8080}",
      description = "k8s mode: port of the Prometheus endpoint /metrics (env METRICS_PORT; default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--health-port", defaultValue = "${env:HEALTH_PORT:-8081}",
      description = "k8s mode: port of /healthz and /readyz (env HEALTH_PORT; default ${DEFAULT-VALUE}).")
  int healthPort;

  @Option(names = "--config-file", defaultValue = "${env:CONFIG_FILE}",
      description = "local mode: the haproxy.cfg to watch (env CONFIG_FILE).")
  Path configFile;

  @Option(names = "--colocated-config", defaultValue = "${env:COLOCATED_CONFIG}",
      description = "k8s mode: YAML file declaring the co-located HAProxies that targets may select by name "
          + "(spec.targets[].colocated) (env COLOCATED_CONFIG).")
  Path colocatedConfig;

  /** k8s mode: what configs may contain; the same flag, env and default as validate's, so gate and cluster agree. */
  @Mixin
  PolicyOptions policyOptions;

  @Mixin
  DataplaneOptions dataplane;

  @Mixin
  ColocatedOptions colocated;

  @Mixin
  TlsOptions tlsOptions;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Main()).setExecutionExceptionHandler(Main::handleFailure).execute(args);
  }

  /**
   * A {@link FatalError} is reported as one line. The one-shot commands (every subcommand) exit with
   * {@link ExitCodes#TARGET_FAILURE} for it (the config was never judged); the operator with
   * {@link ExitCodes#FATAL}. Anything else keeps its stack trace: it is a bug.
   */
  private static int handleFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
    if (!(e instanceof FatalError)) {
      throw e;
    }
    command.getErr().println("error: " + e.getMessage());
    return command.getCommand() instanceof Main ? ExitCodes.FATAL : ExitCodes.TARGET_FAILURE;
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM is how Kubernetes asks a pod to stop: finish what runs and exit 0, not 143.
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    return mode == Mode.local ? runLocal(stop) : runK8s(stop);
  }

  private int runK8s(CountDownLatch stop) throws InterruptedException, IOException {
    // Read once, at start: a file that is not a policy is a usage error, not a surprise at the first reconcile.
    Policy policy = policyOptions.policy();
    try (DataplaneClientFactory clients = clientFactory(tlsOptions);
        KubernetesClient client = new KubernetesClientBuilder().build()) {
      Set<String> namespaces = watchedNamespaces(namespace, client.getNamespace());
      log().info("starting in k8s mode, watching {}", namespaces.isEmpty() ? "all namespaces" : namespaces);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ProcessMetrics process = new ProcessMetrics(registry);
      HAProxyOperator.Settings settings = HAProxyOperator.Settings.defaults(namespaces)
          .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build(), registry)
          .withClients(clients)
          .withColocated(colocatedTargets())
          .withAllowedTargetHosts(allowedTargetHosts)
          .withPolicy(policy);
      log().info("Data Plane API hosts that targets may name: {}", allowedTargetHosts);
      log().info("configs must satisfy {} ({} rules)", policy.origin(), policy.rules().size());
      if (allowInsecureHttp) {
        log().warn("--allow-insecure-http: plain http:// targets are accepted; for local development only");
        settings = settings.withInsecureHttpAllowed();
      }
      AtomicReference<HAProxyOperator> started = new AtomicReference<>();
      LeaderElection leaderElection = leaderElect ? new LeaderElection(client) : null;
      if (leaderElection != null) {
        // Giving the Lease up is expected only once the reconciles are done with (or abandoned); lost
        // before that, even while draining after SIGTERM, another replica may write: exit at once.
        settings = settings.withLeaderElection(leaderElection.configuration(
            () -> started.get() != null && started.get().isHandingOver(), process::leading));
      }
      HAProxyOperator operator = HAProxyOperator.start(client, settings);
      started.set(operator);
      if (leaderElection == null) {
        process.leading(true);
      }
      try (ManagementEndpoints endpoints = new ManagementEndpoints(healthPort, metricsPort, operator::isHealthy,
          operator::isStarted, registry)) {
        stop.await();
        log().info("shutting down: finishing reconciles in flight");
      } finally {
        // Handed over only when nothing of this replica writes any more; otherwise it expires.
        if (operator.stop() && leaderElection != null) {
          leaderElection.releaseIfHeld();
        }
        process.close();
      }
    }
    return ExitCodes.OK;
  }

  /** Also through links: local mode must never edit the file HAProxy loads. */
  private static boolean sameFile(Path a, Path b) {
    try {
      return a.toAbsolutePath().normalize().equals(b) || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private ColocatedTargets colocatedTargets() {
    if (colocatedConfig == null) {
      return ColocatedTargets.none();
    }
    try {
      ColocatedTargets declared = ColocatedTargets.load(colocatedConfig);
      log().info("co-located HAProxies targets may select: {}", declared.names());
      return declared;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--colocated-config: " + e.getMessage());
    }
  }

  private int runLocal(CountDownLatch stop) throws InterruptedException, IOException {
    if (configFile == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--config-file is required with --mode local");
    }
    Path directory = configFile.toAbsolutePath().getParent();
    if (directory == null || !directory.toFile().isDirectory()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--config-file: directory " + directory + " does not exist");
    }
    DataplaneClientFactory clients = null;
    LoadBalancer target;
    String note = "";
    if (colocated.selected()) {
      ColocatedHAProxy haproxy = colocated.haproxy(dataplane.urlGiven(), Map.of());
      target = new ColocatedLoadBalancer(haproxy, ColocatedTimeouts.DEFAULT);
      if (sameFile(configFile, haproxy.configFile())) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--config-file and --haproxy-config are the same "
            + "file: edit a file of your own; local mode validates it before it replaces the one HAProxy loads");
      }
    } else {
      DataplaneEndpoint endpoint = dataplane.endpoint(tlsOptions.spiffeMode());
      clients = clientFactory(tlsOptions);
      target = clients.clientFor(endpoint);
      note = endpoint.isPlaintext() ? " (plain HTTP: local development only)" : "";
    }
    Logging.quietUnlessAsked();
    System.out.println("watching " + configFile.toAbsolutePath() + " -> " + target.describe() + note);
    LocalMode local = new LocalMode(configFile,
        target,
        new TargetSynchronizer(),
        new OutcomeReporter(System.out, target.describe()),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
        .start();
    try {
      stop.await();
    } finally {
      local.close();
      if (clients != null) {
        clients.close();
      }
    }
    return ExitCodes.OK;
  }

  /**
   * A factory for the identity the TLS flags give; a usage error when the files cannot be used, a
   * fatal one when SPIFFE mode gets no SVID.
   */
  static DataplaneClientFactory clientFactory(TlsOptions options) {
    try {
      return new DataplaneClientFactory(DataplaneTimeouts.DEFAULT, options.security());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(options.spec.commandLine(), e.getMessage());
    } catch (SpiffeUnavailableException e) {
      throw new FatalError(e.getMessage(), e);
    }
  }

  /** null: the default namespace; blank: all namespaces; otherwise a comma-separated list. */
  static Set<String> watchedNamespaces(String flag, String defaultNamespace) {
    if (flag == null) {
      return defaultNamespace == null ? Set.of() : Set.of(defaultNamespace);
    }
    return Arrays.stream(flag.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  /** The version Maven wrote into haproxy-operator.properties; the same in the jar and the image. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/haproxy-operator.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"haproxy-operator " + properties.getProperty("version", "dev")};
    }
  }
}
