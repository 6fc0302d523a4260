package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    List<String> args = new ArrayList<>(List.of("apply", "--server-side", "--force-conflicts"));
    try (DirectoryStream<Path> crds = Files.newDirectoryStream(Tools.fluxCrds(), "*.yaml")) {
      for (Path crd : crds) {
        args.add("-f");
        args.add(crd.toString());
      }
    }
    Commands.Result applied = kube.kubectl(args.toArray(String[]::new));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    Commands.Result established = kube.kubectl("wait", "--for=condition=Established", "--timeout=60s",
        "crd/ocirepositories.source.toolkit.fluxcd.io", "crd/gitrepositories.source.toolkit.fluxcd.io",
        "crd/helmreleases.helm.toolkit.fluxcd.io", "crd/kustomizations.kustomize.toolkit.fluxcd.io");
    assertThat(established.exitCode()).as(established.output()).isZero();
    KubernetesClient client = kube.client();
    for (String namespace : List.of("haproxy-operator", "flux-system")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
  }

  private static String buildAndDryRun(String directory) {
    Commands.Result built = kube.kubectl("kustomize", FLUX.resolve(directory).toString());
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
    Path copy = Files.createTempDirectory("flux-config-");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(FLUX.resolve("haproxy-config"))) {
      for (Path file : files) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
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

  private static String secretName(String manifests) {
    java.util.regex.Matcher name = java.util.regex.Pattern.compile("kind: Secret\nmetadata:\n(?:  .*\n)*?  name: (\\S+)")
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
}
