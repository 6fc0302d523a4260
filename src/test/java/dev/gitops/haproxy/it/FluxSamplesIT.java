package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitOps layout in samples/flux: each kustomization builds with kubectl kustomize, and what it
 * builds is accepted by the real API server with the Flux CRDs (from the Flux controllers' Go
 * modules) installed.
 */
class FluxSamplesIT {

  private static final Path FLUX = Path.of(System.getProperty("project.basedir", "."), "samples", "flux");
  private static TestKubernetes kube;

  @BeforeAll
  static void installFluxCrds() throws IOException {
    kube = TestKubernetes.get();
    FluxCrds.install(kube);
    kube.ensureNamespaces("haproxy-operator", "flux-system");
  }

  private static String buildAndDryRun(String directory) {
    return buildAndDryRun(FLUX.resolve(directory));
  }

  private static String buildAndDryRun(Path directory) {
    Commands.Result built = kube.kubectl("kustomize", directory.toString());
    assertThat(built.exitCode()).as(built.output()).isZero();
    Commands.Result applied = kube.dryRun(built.output());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    return built.output();
  }

  @Test
  void devOverlayTracksMainBuilds() {
    String dev = buildAndDryRun("infrastructure/haproxy-operator/dev");

    assertThat(dev).contains("kind: HelmRelease").contains("kind: OCIRepository")
        .contains("semver: '>=0.0.0-0'").contains("semverFilter: -main\\.")
        // The chart of each main build pins its image by digest: an overridden tag would hide that.
        .doesNotContain("tag: main").doesNotContain("pullPolicy: Always");
  }

  @Test
  void stableOverlayPinsOneReleasedVersion() throws IOException {
    String stable = buildAndDryRun("infrastructure/haproxy-operator/stable");
    String dev = kube.kubectl("kustomize", FLUX.resolve("infrastructure/haproxy-operator/dev").toString()).output();

    assertThat(stable).contains("semver: 0.1.0").doesNotContain("tag: main");
    // Promotion is one version: apart from the chart reference, the overlays agree.
    assertThat(strip(stable)).isEqualTo(strip(dev));
  }

  private static List<String> strip(String manifests) {
    return manifests.lines()
        .filter(line -> !line.matches("\\s*(semver|semverFilter): .*"))
        .toList();
  }

  @Test
  void aNewHaproxyCfgRenamesTheSecretAndBumpsTheResourcesGeneration() throws IOException {
    String first = buildAndDryRun("haproxy-config");
    Path copy = copyOf(FLUX.resolve("haproxy-config"));
    Files.writeString(copy.resolve("haproxy.cfg"), "\n# one more line\n", java.nio.file.StandardOpenOption.APPEND);
    Commands.Result second = kube.kubectl("kustomize", copy.toString());
    assertThat(second.exitCode()).as(second.output()).isZero();

    String firstSecret = secretName(first);
    String secondSecret = secretName(second.output());
    assertThat(firstSecret).matches("haproxy-config-[a-z0-9]{10}");
    assertThat(secondSecret).matches("haproxy-config-[a-z0-9]{10}").isNotEqualTo(firstSecret);
    assertThat(first).contains("      name: " + firstSecret + "\n");
    assertThat(first).as("the generated Secret opts in to being read by the operator")
        .contains("    haproxy.gitops.dev/input: \"true\"\n");
    assertThat(second.output()).contains("      name: " + secondSecret + "\n");

    // Applied for real, the second build is a new generation of the HAProxyConfig: a Flux health
    // check waits for the operator to observe it instead of passing on the previous result.
    HAProxyConfigClient configs = new HAProxyConfigClient(kube.client());
    try {
      assertThat(kube.kubectlWithInput(first, "apply", "--server-side", "-f", "-").exitCode()).isZero();
      long generation = configs.generation();
      assertThat(kube.kubectlWithInput(second.output(), "apply", "--server-side", "-f", "-").exitCode()).isZero();
      assertThat(configs.generation()).isEqualTo(generation + 1);
    } finally {
      configs.delete();
      kube.client().secrets().inNamespace("haproxy-operator").withName(firstSecret).delete();
      kube.client().secrets().inNamespace("haproxy-operator").withName(secondSecret).delete();
    }
  }

  private static Path copyOf(Path directory) throws IOException {
    Path copy = Files.createTempDirectory("flux-config-");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  private static String secretName(String manifests) {
    java.util.regex.Matcher name = java.util.regex.Pattern.compile(
        "kind: Secret\nmetadata:\n(?:  .*\n)*?  name: (haproxy-config-\\S+)")
        .matcher(manifests);
    assertThat(name.find()).as(manifests).isTrue();
    return name.group(1);
  }

  /** The sample's HAProxyConfig "edge" in the test cluster. */
  private record HAProxyConfigClient(KubernetesClient client) {
    long generation() {
      return resource().get().getMetadata().getGeneration();
    }

    void delete() {
      resource().delete();
    }

    private io.fabric8.kubernetes.client.dsl.Resource<dev.gitops.haproxy.model.HAProxyConfig> resource() {
      return client.resources(dev.gitops.haproxy.model.HAProxyConfig.class).inNamespace("haproxy-operator")
          .withName("edge");
    }
  }

  @Test
  void fluxObjectsHealthCheckTheHAProxyConfig() {
    String flux = buildAndDryRun("flux-system");

    assertThat(flux).contains("kind: GitRepository").contains("kind: HAProxyConfig")
        .contains("path: ./samples/flux/haproxy-config").contains("path: ./samples/flux/infrastructure/haproxy-operator/stable");
  }

  @Test
  void theAlertForwardsTheEventsOfTheKustomizationThatGatesOnTheHAProxyConfig() {
    List<GenericKubernetesResource> flux = objects(buildAndDryRun("flux-system"));

    GenericKubernetesResource alert = named(flux, "Alert", "haproxy-config");
    assertThat(alert.getApiVersion()).isEqualTo("notification.toolkit.fluxcd.io/v1beta3");
    assertThat(named(flux, "Provider", (String) field(alert, "spec", "providerRef", "name"))).isNotNull();
    List<Map<String, Object>> sources = field(alert, "spec", "eventSources");
    assertThat(sources).isNotEmpty();
    for (Map<String, Object> source : sources) {
      assertThat(named(flux, (String) source.get("kind"), (String) source.get("name")))
          .as("event source %s", source).isNotNull();
    }
    // The Kustomization it listens to is the one that fails when the load balancers refuse a revision.
    GenericKubernetesResource gate = sources.stream()
        .filter(source -> "Kustomization".equals(source.get("kind")))
        .map(source -> named(flux, "Kustomization", (String) source.get("name")))
        .filter(kustomization -> kustomization.getAdditionalProperties().toString().contains("kind=HAProxyConfig"))
        .findFirst().orElseThrow(() -> new AssertionError("no event source health-checks the HAProxyConfig"));
    List<Map<String, Object>> healthChecks = field(gate, "spec", "healthChecks");
    assertThat(healthChecks).extracting(check -> check.get("kind")).contains("HAProxyConfig");
    assertThat((Map<String, Object>) field(alert, "spec", "eventMetadata")).isNotEmpty();
  }

  @Test
  void anAlertCannotNameHAProxyConfigAsItsEventSource() {
    // What alerts.yaml says: notification-controller's Alert takes Flux kinds only. Should a Flux
    // release accept other kinds, this fails, and the sample can forward the operator's Events.
    String alert = """
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Alert
        metadata: {name: operator-events, namespace: flux-system}
        spec:
          providerRef: {name: haproxy-ops}
          eventSources:
            - {apiVersion: haproxy.gitops.dev/v1alpha1, kind: HAProxyConfig, name: edge, namespace: haproxy-operator}
        """;
    Commands.Result refused = kube.dryRun(alert);

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("eventSources[0].kind").contains("Unsupported value: \"HAProxyConfig\"");
  }

  @Test
  void theReceiverReconcilesTheGitRepositoryOfTheLayout() {
    List<GenericKubernetesResource> flux = objects(buildAndDryRun("flux-system"));

    GenericKubernetesResource receiver = named(flux, "Receiver", "haproxy-config");
    assertThat(receiver.getApiVersion()).isEqualTo("notification.toolkit.fluxcd.io/v1");
    assertThat((String) field(receiver, "spec", "type")).isEqualTo("github");
    assertThat((List<String>) field(receiver, "spec", "events")).contains("push");
    List<Map<String, Object>> resources = field(receiver, "spec", "resources");
    assertThat(resources).hasSize(1);
    GenericKubernetesResource source = named(flux, "GitRepository", (String) resources.get(0).get("name"));
    assertThat(source.getMetadata().getNamespace()).isEqualTo(receiver.getMetadata().getNamespace());
    assertThat(resources.get(0)).containsEntry("kind", "GitRepository").containsEntry("apiVersion", source.getApiVersion());
    // Both Kustomizations read that source: a push reaches the config and the operator alike.
    assertThat(flux.stream().filter(o -> o.getKind().equals("Kustomization"))
        .map(k -> (String) field(k, "spec", "sourceRef", "name"))).containsOnly(source.getMetadata().getName());
    // The token is created out of band, never part of the layout.
    assertThat(flux).noneMatch(o -> o.getKind().equals("Secret"));
  }

  /**
   * As shipped, the layout deploys no credentials: the template is not a resource, so a forgotten
   * encryption step can never push its placeholder password over a real Secret. Made as the README
   * says (the template copied to dataplane-credentials.yaml and listed), the credentials the targets
   * name are built with the config.
   */
  @Test
  void theCredentialsTargetsNameAreBuiltWithTheConfigOnceMadeFromTheTemplateAndDecryptedWithSops()
      throws IOException {
    assertThat(objects(buildAndDryRun("haproxy-config"))).noneMatch(o -> o.getKind().equals("Secret")
        && !o.getMetadata().getName().startsWith("haproxy-config-"));
    Path copy = copyOf(FLUX.resolve("haproxy-config"));
    Files.copy(copy.resolve("dataplane-credentials.example.yaml"), copy.resolve("dataplane-credentials.yaml"));
    String kustomization = Files.readString(copy.resolve("kustomization.yaml"));
    assertThat(kustomization).contains("  # - dataplane-credentials.yaml\n");
    Files.writeString(copy.resolve("kustomization.yaml"),
        kustomization.replace("  # - dataplane-credentials.yaml\n", "  - dataplane-credentials.yaml\n"));
    List<GenericKubernetesResource> config = objects(buildAndDryRun(copy));
    List<GenericKubernetesResource> flux = objects(buildAndDryRun("flux-system"));

    GenericKubernetesResource edge = named(config, "HAProxyConfig", "edge");
    List<Map<String, Object>> targets = field(edge, "spec", "targets");
    for (Map<String, Object> target : targets) {
      @SuppressWarnings("unchecked")
      String secret = (String) ((Map<String, Object>) target.get("credentialsSecretRef")).get("name");
      GenericKubernetesResource credentials = named(config, "Secret", secret);
      assertThat(credentials.getMetadata().getLabels()).containsEntry("haproxy.gitops.dev/input", "true");
      assertThat((Map<String, Object>) field(credentials, "stringData")).containsKeys("username", "password");
    }
    GenericKubernetesResource sync = named(flux, "Kustomization", "haproxy-config");
    assertThat((String) field(sync, "spec", "decryption", "provider")).isEqualTo("sops");
    assertThat((String) field(sync, "spec", "decryption", "secretRef", "name")).isNotBlank();

    // .sops.yaml encrypts that file, and only the values of its data: kind, name and labels stay readable.
    Map<String, Object> sops = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(FLUX.resolve(".sops.yaml").toFile(), Map.class);
    @SuppressWarnings("unchecked")
    Map<String, String> rule = ((List<Map<String, String>>) sops.get("creation_rules")).get(0);
    java.util.regex.Pattern path = java.util.regex.Pattern.compile(rule.get("path_regex"));
    assertThat(path.matcher("samples/flux/haproxy-config/dataplane-credentials.yaml").find()).isTrue();
    assertThat(path.matcher("haproxy-config/haproxyconfig.yaml").find()).isFalse();
    assertThat(path.matcher("haproxy-config/old-dataplane-credentials.yaml").find()).isFalse();
    java.util.regex.Pattern values = java.util.regex.Pattern.compile(rule.get("encrypted_regex"));
    assertThat(List.of("data", "stringData")).allMatch(key -> values.matcher(key).find());
    assertThat(List.of("metadata", "kind", "type", "apiVersion")).noneMatch(key -> values.matcher(key).find());
    assertThat(rule).containsKey("age");
  }

  private static List<GenericKubernetesResource> objects(String manifests) {
    // Every object as plain maps, whatever its kind: Secrets included, which load() would type.
    return java.util.Arrays.stream(manifests.split("(?m)^---\\s*$"))
        .filter(document -> !document.isBlank())
        .map(document -> kube.client().getKubernetesSerialization().unmarshal(document, GenericKubernetesResource.class))
        .toList();
  }

  private static GenericKubernetesResource named(List<GenericKubernetesResource> objects, String kind, String name) {
    return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + objects.stream()
            .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
  }

  @SuppressWarnings("unchecked")
  private static <T> T field(GenericKubernetesResource object, String... path) {
    Object value = object.getAdditionalProperties();
    for (String key : path) {
      assertThat(value).as("%s %s: %s", object.getKind(), object.getMetadata().getName(), String.join(".", path))
          .isInstanceOf(Map.class);
      value = ((Map<String, Object>) value).get(key);
    }
    return (T) value;
  }
}
