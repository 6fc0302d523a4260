package dev.gitops.haproxy.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real kube-apiserver + etcd (fabric8 kube-api-test) per test JVM, with our CRD installed.
 * The binaries come from dev/build-kube.sh; kube-api-test runs offline and never downloads.
 */
public final class TestKubernetes {

  public static final String VERSION = System.getProperty("kube.api.test.version", "1.36.3");
  private static TestKubernetes instance;

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;
  /** The kube-apiserver {@link #restartApiServer} started in place of kube-api-test's, if any. */
  private Process restarted;

  /** Where dev/build-kube.sh puts the binaries: $KUBE_API_TEST_DIR, by default ~/.kubeapitest. */
  static final Path DIRECTORY = Path.of(System.getenv().getOrDefault("KUBE_API_TEST_DIR",
      Path.of(System.getProperty("user.home"), ".kubeapitest").toString()));

  static Path binary(String name) {
    return DIRECTORY.resolve("k8s").resolve(VERSION + "-linux-amd64").resolve(name);
  }

  private TestKubernetes() throws IOException {
    Path binaries = binary("kube-apiserver").getParent();
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException("kube-apiserver " + VERSION + " is missing in " + binaries
          + "; build it with: dev/build-kube.sh");
    }
    server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withApiServerVersion(VERSION)
        .withTestDir(DIRECTORY.toString())
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .build());
    server.start();
    String yaml = server.getKubeConfigYaml();
    kubeconfig = Files.createTempFile("kubeconfig-", ".yaml");
    Files.writeString(kubeconfig, yaml);
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
    installCrd();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
  }

  public static synchronized TestKubernetes get() {
    if (instance == null) {
      try {
        instance = new TestKubernetes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Runs the kubectl built with the API server against it; returns exit code and output. */
  public Commands.Result kubectl(String... args) {
    return kubectlWithInput(null, args);
  }

  public Commands.Result kubectlWithInput(String input, String... args) {
    List<String> command = new ArrayList<>(List.of(binary("kubectl").toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return Commands.run(command, input);
  }

  /** Creates the namespaces that do not exist yet (server-side apply: an existing one is left as it is). */
  public void ensureNamespaces(String... names) {
    for (String name : names) {
      client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .serverSideApply();
    }
  }

  /** Has the API server check {@code manifests} without storing them (kubectl apply --dry-run=server). */
  public Commands.Result dryRun(String manifests) {
    return kubectlWithInput(manifests, "apply", "--dry-run=server", "-f", "-");
  }

  private void installCrd() throws IOException {
    Path crd = Path.of(System.getProperty("project.basedir", "."), "crds", "haproxyconfigs.haproxy.gitops.dev-v1.yml");
    try (InputStream in = Files.newInputStream(crd)) {
      CustomResourceDefinition definition = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.resource(definition).serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(definition.getMetadata().getName())
          .waitUntilCondition(d -> d.getStatus() != null && d.getStatus().getConditions().stream()
              .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())), 30, TimeUnit.SECONDS);
    }
  }

  /**
   * Stops kube-apiserver and starts it again with the same command line (port, certificates, etcd),
   * as an upgrade or a crash of the control plane does to its clients: every connection and watch
   * is cut, new ones are refused until it is ready again, and the data in etcd stays. The first
   * restart stops kube-api-test's process as kube-api-test does (a kill); later ones stop the
   * process started here with SIGTERM. Returns how long the API server was away.
   */
  public synchronized Duration restartApiServer() throws IOException, InterruptedException {
    ProcessHandle running = ProcessHandle.current().descendants()
        .filter(p -> p.info().command().filter(c -> c.endsWith("/kube-apiserver")).isPresent())
        .findFirst().orElseThrow(() -> new IllegalStateException("no kube-apiserver runs under this JVM"));
    List<String> command = new ArrayList<>();
    command.add(running.info().command().orElseThrow());
    command.addAll(List.of(running.info().arguments().orElseThrow(
        () -> new IllegalStateException("the command line of kube-apiserver cannot be read"))));
    long stoppedAt = System.nanoTime();
    if (restarted != null) {
      restarted.destroy();
      restarted.waitFor();
    } else {
      // Through kube-api-test, which otherwise takes the exit for a crash and stops etcd with it.
      apiServerProcessOf(server).stopApiServer();
    }
    running.onExit().join();
    Path log = Files.createTempFile("kube-apiserver-restarted-", ".log");
    log.toFile().deleteOnExit();
    restarted = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!ready()) {
      if (!restarted.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("kube-apiserver did not come back; see " + log);
      }
      Thread.sleep(100);
    }
    return Duration.ofNanos(System.nanoTime() - stoppedAt);
  }

  private boolean ready() {
    Commands.Result result = kubectl("get", "--raw", "/readyz", "--request-timeout", "2s");
    return result.exitCode() == 0 && result.output().strip().equals("ok");
  }

  private static KubeAPIServerProcess apiServerProcessOf(KubeAPIServer server) {
    try {
      Field field = KubeAPIServer.class.getDeclaredField("kubeApiServerProcess");
      field.setAccessible(true);
      return (KubeAPIServerProcess) field.get(server);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-api-test " + KubeAPIServer.class.getPackage().getImplementationVersion()
          + " keeps its API server process elsewhere", e);
    }
  }

  private void stop() {
    client.close();
    if (restarted != null) {
      restarted.destroy();
      try {
        restarted.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    server.stop();
  }
}
