package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kind workflow (.github/workflows/e2e-kind.yaml, dev/kind/e2e.sh) applies, checked here
 * where it cannot run: every manifest is server-dry-run against the real API server with the Flux
 * CRDs, and every haproxy.cfg it serves is checked by HAProxy itself.
 */
class KindManifestsIT {

  private static final Path ROOT = Path.of(System.getProperty("project.basedir", "."));
  private static final Path KIND = ROOT.resolve("dev").resolve("kind");
  private static TestKubernetes kube;

  @BeforeAll
  static void installFluxCrdsAndNamespaces() throws IOException {
    kube = TestKubernetes.get();
    FluxCrds.install(kube);
    kube.ensureNamespaces("flux-system", "haproxy-operator", "e2e-dev", "e2e-stable");
  }

  @Test
  void theConfigRepositoryBuildsIntoWhatTheApiServerAccepts(@TempDir Path repository) {
    render(repository, "dev=dev v1", "stable=stable v1");

    for (String environment : List.of("dev", "stable")) {
      String built = build(repository.resolve("environments").resolve(environment));
      assertThat(built).contains("namespace: e2e-" + environment).contains("kind: HAProxyConfig")
          .contains("url: http://lb.e2e-" + environment + ".svc:5555/v3")
          // The HAProxyConfig reads the content-hashed Secret kustomize generated, not the bare name.
          .containsPattern("name: haproxy-config-[a-z0-9]{10}\\n");
      dryRun(built);
    }
  }

  @Test
  void haproxyAcceptsWhatTheTestServesAndRefusesWhatItMustRefuse(@TempDir Path repository) {
    render(repository, "dev=dev v1", "stable=!stable v3");

    assertThat(haproxyCheck(repository.resolve("environments/dev/haproxy.cfg")).exitCode()).isZero();
    assertThat(haproxyCheck(KIND.resolve("loadbalancer/haproxy.cfg")).exitCode()).isZero();
    Commands.Result refused = haproxyCheck(repository.resolve("environments/stable/haproxy.cfg"));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("bogus");
  }

  @Test
  void theLoadBalancersFluxObjectsAndChartPassAServerDryRun() throws IOException {
    Commands.Result loadBalancer = kube.kubectl("kustomize", KIND.resolve("loadbalancer").toString());
    assertThat(loadBalancer.exitCode()).as(loadBalancer.output()).isZero();
    assertThat(loadBalancer.output()).contains("kind: Deployment").contains("name: haproxy-initial-");
    Commands.Result applied = kube.kubectlWithInput(loadBalancer.output(), "apply", "--dry-run=server", "-n", "e2e-dev",
        "-f", "-");
    assertThat(applied.exitCode()).as(applied.output()).isZero();

    dryRun(Files.readString(KIND.resolve("flux.yaml")).replace("REGISTRY", "172.18.0.2:5000"));

    Commands.Result chart = Commands.run(List.of(Tools.helm().toString(), "template", "haproxy-operator",
        ROOT.resolve("charts/haproxy-operator").toString(), "--namespace", "haproxy-operator",
        "--kube-version", TestKubernetes.VERSION, "--values", KIND.resolve("values.yaml").toString()), null);
    assertThat(chart.exitCode()).as(chart.output()).isZero();
    assertThat(chart.output()).contains("image: \"haproxy-operator:e2e\"").contains("imagePullPolicy: Never");
    dryRun(chart.output());
  }

  @Test
  void theKindKustomizationsHealthCheckAsTheSampleDoes() throws IOException {
    Object sample = spec(Serialization.unmarshal(Files.readString(ROOT.resolve(
        "samples/flux/flux-system/haproxy-config.yaml")), GenericKubernetesResource.class)).get("healthCheckExprs");

    List<GenericKubernetesResource> kustomizations = new ArrayList<>();
    for (String document : Files.readString(KIND.resolve("flux.yaml")).split("(?m)^---$")) {
      GenericKubernetesResource resource = Serialization.unmarshal(document, GenericKubernetesResource.class);
      if ("Kustomization".equals(resource.getKind())) {
        kustomizations.add(resource);
      }
    }

    assertThat(kustomizations).hasSize(2);
    assertThat(kustomizations).allSatisfy(kustomization -> assertThat(spec(kustomization).get("healthCheckExprs"))
        .isEqualTo(sample));
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> spec(GenericKubernetesResource resource) {
    return (java.util.Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  private static void render(Path directory, String... environments) {
    List<String> command = new ArrayList<>(List.of("bash", KIND.resolve("e2e.sh").toString(), "render",
        directory.toString()));
    command.addAll(List.of(environments));
    Commands.Result rendered = Commands.run(command, null);
    assertThat(rendered.exitCode()).as(rendered.output()).isZero();
  }

  private static String build(Path directory) {
    Commands.Result built = kube.kubectl("kustomize", directory.toString());
    assertThat(built.exitCode()).as(built.output()).isZero();
    return built.output();
  }

  private static void dryRun(String manifests) {
    Commands.Result applied = kube.dryRun(manifests);
    assertThat(applied.exitCode()).as(applied.output()).isZero();
  }

  private static Commands.Result haproxyCheck(Path config) {
    return Commands.run(List.of("haproxy", "-c", "-f", config.toString()), null);
  }
}
