package dev.gitops.haproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Flux CRDs (from the Flux controllers' Go modules, fetched by dev/build-tools.sh) in the test API server. */
final class FluxCrds {

  private FluxCrds() {
  }

  static void install(TestKubernetes kube) throws IOException {
    List<String> args = new ArrayList<>(List.of("apply", "--server-side", "--force-conflicts"));
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> crds = Files.newDirectoryStream(Tools.fluxCrds(), "*.yaml")) {
      for (Path crd : crds) {
        args.add("-f");
        args.add(crd.toString());
        // The files are named <group>_<plural>.yaml, as controller-gen writes them.
        String[] groupAndPlural = crd.getFileName().toString().replaceFirst("\\.yaml$", "").split("_", 2);
        names.add("crd/" + groupAndPlural[1] + "." + groupAndPlural[0]);
      }
    }
    Commands.Result applied = kube.kubectl(args.toArray(String[]::new));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    List<String> wait = new ArrayList<>(List.of("wait", "--for=condition=Established", "--timeout=60s"));
    wait.addAll(names);
    Commands.Result established = kube.kubectl(wait.toArray(String[]::new));
    assertThat(established.exitCode()).as(established.output()).isZero();
  }
}
