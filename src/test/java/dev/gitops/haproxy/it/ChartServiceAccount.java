package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.List;

/**
 * The chart's ServiceAccount and exactly the RBAC the chart renders for it, applied to the test
 * API server (which authorizes with RBAC), and a client that authenticates with a token of that
 * account: an operator using it can do what the chart grants and nothing else.
 */
final class ChartServiceAccount {

  static final String NAME = "hop-operator";
  private static final Path CHART = Path.of(System.getProperty("project.basedir", "."), "charts", "haproxy-operator");

  private ChartServiceAccount() {
  }

  /** Installs the account in {@code release}, watching {@code watched} as well, and returns its client. */
  static KubernetesClient client(TestKubernetes kube, String release, String watched) {
    Commands.Result rendered = Commands.run(List.of(Tools.helm().toString(), "template", "hop", CHART.toString(),
        "--namespace", release, "--kube-version", TestKubernetes.VERSION, "--set", "watch.namespaces={" + watched + "}",
        "--set", "serviceAccount.name=" + NAME,
        "--show-only", "templates/serviceaccount.yaml", "--show-only", "templates/rbac.yaml"), null);
    assertThat(rendered.exitCode()).as(rendered.output()).isZero();
    Commands.Result applied = kube.kubectlWithInput(rendered.output(), "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    Commands.Result token = kube.kubectl("create", "token", NAME, "-n", release, "--duration", "1h");
    assertThat(token.exitCode()).as(token.output()).isZero();

    Config admin = kube.client().getConfiguration();
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl(admin.getMasterUrl())
        .withCaCertData(admin.getCaCertData())
        .withCaCertFile(admin.getCaCertFile())
        .withOauthToken(token.output().strip())
        .withNamespace(release)
        .build()).build();
  }
}
