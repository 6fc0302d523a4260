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
        .contains("semver: '>=0.0.0-0'").contains("semverFilter: -main\\.").contains("tag: main");
  }

  @Test
  void stableOverlayPinsOneReleasedVersion() throws IOException {
    String stable = buildAndDryRun("infrastructure/haproxy-operator/stable");
    String dev = kube.kubectl("kustomize", FLUX.resolve("infrastructure/haproxy-operator/dev").toString()).output();

    assertThat(stable).contains("semver: 0.1.0").doesNotContain("tag: main");
    // Promotion is one version: apart from the chart reference and dev's image tag, the overlays agree.
    assertThat(strip(stable)).isEqualTo(strip(dev));
  }

  private static List<String> strip(String manifests) {
    return manifests.lines()
        .filter(line -> !line.matches("\\s*(semver|semverFilter|tag|pullPolicy): .*") && !line.matches("\\s*image:\\s*"))
        .toList();
  }

  @Test
  void configRepositoryGeneratesTheSecretWithAStableName() {
    String config = buildAndDryRun("haproxy-config");

    assertThat(config).contains("kind: Secret").contains("name: haproxy-config\n")
        .contains("haproxy.cfg: ").contains("kind: HAProxyConfig");
  }

  @Test
  void fluxObjectsHealthCheckTheHAProxyConfig() {
    String flux = buildAndDryRun("flux-system");

    assertThat(flux).contains("kind: GitRepository").contains("kind: HAProxyConfig")
        .contains("path: ./samples/flux/haproxy-config").contains("path: ./samples/flux/infrastructure/haproxy-operator/stable");
  }
}
