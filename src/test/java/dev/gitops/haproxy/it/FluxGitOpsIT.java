package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.model.HAProxyConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The GitOps path end to end, with real Flux: a commit to a Git repository (served on loopback by
 * git itself) is fetched by source-controller, built and applied by kustomize-controller (the
 * haproxy.cfg becomes a content-hashed Secret, the HAProxyConfig points at it), applied by the
 * operator (a separate process, as it runs in a cluster) to a co-located HAProxy, and checked by
 * the Kustomization's health check on the HAProxyConfig, with the health-check expressions of
 * samples/flux. Two environments, dev and stable, each a Flux Kustomization of its own directory
 * and its own HAProxy: a change reaches stable only when it is promoted there in Git.
 *
 * <p>The tests run in order: each starts from the state the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FluxGitOpsIT {

  private static final String FLUX_NAMESPACE = "flux-gitops";
  private static final Duration FLUX_TIMEOUT = Duration.ofSeconds(90);
  /** Longer than the Kustomization's timeout, so that a test never gives up before Flux does. */
  private static final Duration AWAIT = FLUX_TIMEOUT.plusSeconds(30);
  private static final Duration SLOW_CHECK = Duration.ofSeconds(6);

  private static TestKubernetes kube;
  private static KubernetesClient client;
  private static Path work;
  private static ColocatedRig devLoadBalancer;
  private static ColocatedRig stableLoadBalancer;
  private static Environment dev;
  private static Environment stable;
  private static Process operator;
  private static GitHttpServer gitServer;
  private static Path repository;
  private static FluxControllers flux;

  /** One environment: its directory in Git, its namespace, its HAProxy and the port it serves on. */
  private record Environment(String name, String namespace, ColocatedRig loadBalancer, int port) {

    Path directory() {
      return repository.resolve("environments").resolve(name);
    }

    String kustomization() {
      return "haproxy-" + name;
    }

    /** Writes the haproxy.cfg of this environment to the work tree; {@code invalid} adds a line HAProxy refuses. */
    void writeConfig(String response, boolean invalid) throws IOException {
      String config = OperatorTestSupport.config(port, response) + (invalid ? "    bogus directive\n" : "");
      Files.writeString(directory().resolve("haproxy.cfg"), config);
    }

    String served() {
      return loadBalancer.get(port, "/");
    }
  }

  @BeforeAll
  static void startTheGitOpsPath() throws Exception {
    kube = TestKubernetes.get();
    client = kube.client();
    FluxCrds.install(kube);
    work = Files.createTempDirectory("flux-gitops-");
    kube.ensureNamespaces(FLUX_NAMESPACE, "gitops-dev", "gitops-stable");
    devLoadBalancer = ColocatedRig.start("dev-lb");
    stableLoadBalancer = ColocatedRig.start("stable-lb");
    dev = new Environment("dev", "gitops-dev", devLoadBalancer, DataplaneRig.freePort());
    stable = new Environment("stable", "gitops-stable", stableLoadBalancer, DataplaneRig.freePort());
    operator = OperatorJar.start(kube.kubeconfig(), work.resolve("operator.log"),
        "--namespace", dev.namespace() + "," + stable.namespace(),
        "--colocated-config", declareBoth(devLoadBalancer, stableLoadBalancer).toString(),
        "--metrics-port", String.valueOf(DataplaneRig.freePort()),
        "--health-port", String.valueOf(DataplaneRig.freePort()));

    gitServer = GitHttpServer.serve(Files.createDirectories(work.resolve("git")));
    repository = gitServer.createRepository("haproxy-config");
    for (Environment environment : List.of(dev, stable)) {
      writeEnvironment(environment);
      environment.writeConfig(environment.name() + " v1", false);
    }
    GitHttpServer.commitAll(repository, "HAProxy configs for dev and stable");

    flux = FluxControllers.start(kube.kubeconfig(), FLUX_NAMESPACE, work);
    Commands.Result applied = kube.kubectlWithInput(fluxObjects(), "apply", "--server-side", "-f", "-");
    assertThat(applied.exitCode()).as(applied.output()).isZero();
  }

  @AfterAll
  static void stopTheGitOpsPath() throws IOException {
    removeWhatFluxApplied();
    for (AutoCloseable resource : new AutoCloseable[] {flux, gitServer, () -> operator.destroy(),
        devLoadBalancer, stableLoadBalancer}) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception | Error e) {
        // Stop the others all the same.
      }
    }
    if (work != null) {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
      }
    }
  }

  @Test
  @Order(1)
  void aCommitReachesEachLoadBalancerThroughFlux() {
    String revision = head();

    awaitKustomizationReady(dev, revision);
    awaitKustomizationReady(stable, revision);

    assertThat(dev.served()).isEqualTo("dev v1");
    assertThat(stable.served()).isEqualTo("stable v1");
    // What Flux applied is what Git holds: a Secret named for its content, read by the HAProxyConfig.
    String secret = haproxyConfig(dev).get("spec", "configFrom", "secretRef", "name");
    assertThat(secret).startsWith("haproxy-config-").isNotEqualTo("haproxy-config");
  }

  @Test
  @Order(2)
  void theHealthCheckPassesOnlyOnceHAProxyServesTheNewConfig() throws Exception {
    long stableApplies = stableLoadBalancer.applies();
    long stableGeneration = haproxyConfig(stable).getMetadata().getGeneration();
    dev.writeConfig("dev v2", false);
    String revision = GitHttpServer.commitAll(repository, "dev: answer v2");
    requestSourceReconcile();

    awaitKustomizationReady(dev, revision);
    // Read at once: had the health check passed on the previous status, HAProxy would still serve v1.
    assertThat(dev.served()).isEqualTo("dev v2");
    // The stable environment is in the same commit, but nothing in its directory changed.
    awaitKustomizationReady(stable, revision);
    assertThat(stable.served()).isEqualTo("stable v1");
    assertThat(stableLoadBalancer.applies()).isEqualTo(stableApplies);
    assertThat(haproxyConfig(stable).getMetadata().getGeneration()).isEqualTo(stableGeneration);
  }

  @Test
  @Order(3)
  void aConfigHAProxyRejectsFailsTheHealthCheckAndKeepsServing() throws Exception {
    long devApplies = devLoadBalancer.applies();
    dev.writeConfig("dev v3", true);
    String revision = GitHttpServer.commitAll(repository, "dev: a directive HAProxy does not know");
    requestSourceReconcile();

    Map<String, Object> ready = await().atMost(AWAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> kustomizationCondition(dev, "Ready").filter(condition -> "False".equals(condition.get("status"))
            && String.valueOf(condition.get("message")).contains("HAProxyConfig/" + dev.namespace() + "/edge")), Optional::isPresent)
        .orElseThrow();

    System.out.printf("the Kustomization on a config HAProxy rejects: %s%n", ready.get("message"));
    assertThat(ready.get("reason")).isEqualTo("HealthCheckFailed");
    assertThat(String.valueOf(ready.get("message"))).contains("'Failed'");
    assertThat(lastAttemptedRevision(dev)).contains(revision);
    // The operator's own words, where Flux's message points: the HAProxyConfig's status.
    Map<String, Object> stalled = condition(haproxyConfig(dev), "Stalled").orElseThrow();
    assertThat(stalled).containsEntry("status", "True").containsEntry("reason", "ValidationFailed");
    assertThat(String.valueOf(stalled.get("message"))).contains("bogus");
    assertThat(dev.served()).isEqualTo("dev v2");
    assertThat(devLoadBalancer.applies()).isEqualTo(devApplies);
  }

  @Test
  @Order(4)
  void stableMovesWhenTheChangeIsPromotedToIt() throws Exception {
    dev.writeConfig("dev v2", false);
    stable.writeConfig("stable v2", false);
    Instant committed = Instant.now();
    String revision = GitHttpServer.commitAll(repository, "promote v2 to stable; dev back to v2");
    requestSourceReconcile();
    // stable's HAProxy checks configs at full speed: how long the path takes, printed, not asserted.
    CompletableFuture<Duration> commitToServed = CompletableFuture.supplyAsync(() -> {
      await().atMost(AWAIT).pollInterval(Duration.ofMillis(10)).until(() -> stable.served().equals("stable v2"));
      return Duration.between(committed, Instant.now());
    });

    awaitKustomizationReady(stable, revision);
    Duration commitToReady = Duration.between(committed, Instant.now());
    assertThat(stable.served()).isEqualTo("stable v2");
    System.out.printf("commit -> served through HAProxy: %d ms; -> Kustomization Ready: %d ms%n",
        commitToServed.get().toMillis(), commitToReady.toMillis());
    awaitKustomizationReady(dev, revision);
    assertThat(dev.served()).isEqualTo("dev v2");
  }

  /** The directory of one environment: its HAProxyConfig and the Secret kustomize makes of haproxy.cfg. */
  private static void writeEnvironment(Environment environment) throws IOException {
    Path directory = Files.createDirectories(environment.directory());
    Path samples = Path.of(System.getProperty("project.basedir", "."), "samples", "flux", "haproxy-config");
    // The sample's kustomization and name reference, only the namespace changed: what users copy.
    Files.writeString(directory.resolve("kustomization.yaml"), Files.readString(samples.resolve("kustomization.yaml"))
        .replace("namespace: haproxy-operator", "namespace: " + environment.namespace()));
    Files.copy(samples.resolve("kustomizeconfig.yaml"), directory.resolve("kustomizeconfig.yaml"));
    // The sample's HAProxyConfig, pointed at this environment's co-located HAProxy.
    GenericKubernetesResource resource = Serialization.unmarshal(Files.readString(samples.resolve("haproxyconfig.yaml")),
        GenericKubernetesResource.class);
    resource.getMetadata().setNamespace(null);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    spec.put("targets", List.of(Map.of("name", "lb", "colocated", environment.loadBalancer().name())));
    Files.writeString(directory.resolve("haproxyconfig.yaml"), Serialization.asYaml(resource));
  }

  /**
   * The GitRepository and one Kustomization per environment. The Kustomizations are the sample's
   * (samples/flux/flux-system/haproxy-config.yaml) with their health-check expressions, pointed at
   * this repository's directories and HAProxyConfigs.
   */
  private static String fluxObjects() throws IOException {
    List<String> documents = new ArrayList<>();
    documents.add("""
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: haproxy-config
          namespace: %s
        spec:
          interval: 10m
          url: %s
          ref:
            branch: main
        """.formatted(FLUX_NAMESPACE, gitServer.url("haproxy-config")));
    Path sample = Path.of(System.getProperty("project.basedir", "."), "samples", "flux", "flux-system",
        "haproxy-config.yaml");
    for (Environment environment : List.of(dev, stable)) {
      GenericKubernetesResource kustomization = Serialization.unmarshal(Files.readString(sample),
          GenericKubernetesResource.class);
      kustomization.getMetadata().setName(environment.kustomization());
      kustomization.getMetadata().setNamespace(FLUX_NAMESPACE);
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) kustomization.getAdditionalProperties().get("spec");
      spec.remove("dependsOn"); // the operator runs as a process here, not from a Flux HelmRelease
      spec.remove("decryption"); // nothing is encrypted in this repository, and there is no age key
      spec.put("path", "./environments/" + environment.name());
      spec.put("interval", "10m");
      spec.put("timeout", FLUX_TIMEOUT.toSeconds() + "s");
      spec.put("healthChecks", List.of(Map.of("apiVersion", "haproxy.gitops.dev/v1alpha1", "kind", "HAProxyConfig",
          "name", "edge", "namespace", environment.namespace())));
      documents.add(Serialization.asYaml(kustomization));
    }
    return String.join("\n---\n", documents);
  }

  /**
   * Declares both rigs' HAProxies in one file, as an administrator declares the operator's load
   * balancers. dev's HAProxy is declared with an {@code haproxy} that waits {@link #SLOW_CHECK}
   * before it runs the real one, so that each rollout to dev outlasts a health-check poll of
   * kustomize-controller (every 5 s): a status that called the new generation Ready before HAProxy
   * serves it would always be seen, not only when it happens to beat Flux's first poll.
   */
  private static Path declareBoth(ColocatedRig slow, ColocatedRig other) throws IOException {
    Path wrapper = Files.createDirectories(work.resolve("slow-check")).resolve("haproxy");
    String original = Files.readString(slow.runDir().resolve("colocated.yaml"));
    String haproxy = original.lines().filter(line -> line.trim().startsWith("haproxyBinary:"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    Files.writeString(wrapper, "#!/bin/sh\nsleep " + SLOW_CHECK.toSeconds() + "\nexec '" + haproxy + "' \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    String both = original.replace("haproxyBinary: " + haproxy, "haproxyBinary: " + wrapper)
        + Files.readString(other.runDir().resolve("colocated.yaml")).lines()
            .dropWhile(line -> !line.startsWith("colocated:")).skip(1)
            .reduce("", (text, line) -> text + line + "\n");
    return Files.writeString(work.resolve("colocated.yaml"), both);
  }

  /**
   * Deletes the Kustomizations while kustomize-controller still runs, so that it prunes what they
   * applied (prune: true) and lifts its finalizers; then the HAProxyConfigs that remain. Later test
   * classes start operators on every namespace, which must not find these resources.
   */
  private static void removeWhatFluxApplied() {
    if (dev == null || stable == null || client == null) {
      return;
    }
    try {
      List.of(dev, stable).forEach(environment -> kustomization(environment).delete());
      gitRepository().delete();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> List.of(dev, stable).stream()
          .allMatch(environment -> kustomization(environment).get() == null));
    } catch (RuntimeException slowOrGone) {
      // Deleted below all the same; a Kustomization left behind only waits for its finalizer.
    }
    for (Environment environment : List.of(dev, stable)) {
      client.resources(HAProxyConfig.class).inNamespace(environment.namespace()).delete();
    }
  }

  /** What `flux reconcile source git` and a webhook Receiver do: ask source-controller to fetch now. */
  private static void requestSourceReconcile() {
    // A merge patch of the annotation alone: source-controller writes the object's status meanwhile.
    gitRepository().patch(PatchContext.of(PatchType.JSON_MERGE), """
        {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "%s"}}}""".formatted(Instant.now()));
  }

  private static String head() {
    return GitHttpServer.git(repository, "rev-parse", "HEAD").strip();
  }

  private static void awaitKustomizationReady(Environment environment, String revision) {
    await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      GenericKubernetesResource kustomization = kustomization(environment).get();
      assertThat(kustomization).isNotNull();
      assertThat(condition(kustomization, "Ready")).as(environment.kustomization())
          .hasValueSatisfying(ready -> assertThat(ready).containsEntry("status", "True"));
      Object applied = kustomization.get("status", "lastAppliedRevision");
      assertThat(String.valueOf(applied)).contains(revision);
    });
  }

  private static String lastAttemptedRevision(Environment environment) {
    Object attempted = kustomization(environment).get().get("status", "lastAttemptedRevision");
    return String.valueOf(attempted);
  }

  private static Optional<Map<String, Object>> kustomizationCondition(Environment environment, String type) {
    GenericKubernetesResource kustomization = kustomization(environment).get();
    return kustomization == null ? Optional.empty() : condition(kustomization, type);
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> condition(GenericKubernetesResource resource, String type) {
    Object conditions = resource.get("status", "conditions");
    if (!(conditions instanceof List<?> list)) {
      return Optional.empty();
    }
    return list.stream().map(item -> (Map<String, Object>) item)
        .filter(condition -> type.equals(condition.get("type"))).findFirst();
  }

  private static Resource<GenericKubernetesResource> kustomization(Environment environment) {
    return client.genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization")
        .inNamespace(FLUX_NAMESPACE).withName(environment.kustomization());
  }

  private static Resource<GenericKubernetesResource> gitRepository() {
    return client.genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
        .inNamespace(FLUX_NAMESPACE).withName("haproxy-config");
  }

  private static GenericKubernetesResource haproxyConfig(Environment environment) {
    return client.genericKubernetesResources("haproxy.gitops.dev/v1alpha1", "HAProxyConfig")
        .inNamespace(environment.namespace()).withName("edge").get();
  }
}
