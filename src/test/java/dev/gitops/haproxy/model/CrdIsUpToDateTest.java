package dev.gitops.haproxy.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD in crds/ is what users install; it must be exactly what the Java model generates. */
class CrdIsUpToDateTest {

  private static final String FILE = "haproxyconfigs.haproxy.gitops.dev-v1.yml";

  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    Path generated = Path.of("target", "classes", "META-INF", "fabric8", FILE);
    Path committed = Path.of("crds", FILE);

    assertThat(generated).as("the build generates the CRD").exists();
    assertThat(Files.readString(committed))
        .as("crds/%s is out of date; run dev/update-crds.sh and commit the result", FILE)
        .isEqualTo(Files.readString(generated));
  }

  @Test
  void chartShipsTheSameCrd() throws IOException {
    Path inChart = Path.of("charts", "haproxy-operator", "crds", FILE);

    assertThat(Files.readString(inChart))
        .as("charts/haproxy-operator/crds/%s is out of date; run dev/update-crds.sh and commit the result", FILE)
        .isEqualTo(Files.readString(Path.of("crds", FILE)));
  }
}
