package dev.gitops.haproxy.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The delivery tools dev/build-tools.sh and dev/build-flux.sh build into the cache, found by their
 * pinned versions.
 */
final class Tools {

  private Tools() {
  }

  static Path helm() {
    return tool("helm", "HELM_VERSION");
  }

  static Path actionlint() {
    return tool("actionlint", "ACTIONLINT_VERSION");
  }

  static Path promtool() {
    return tool("promtool", "PROMETHEUS_VERSION");
  }

  static Path fluxCrds() {
    Map<String, String> v = versions();
    return require(cache().resolve("flux-crds").resolve("source-" + v.get("FLUX_SOURCE_CONTROLLER_VERSION")
        + "-kustomize-" + v.get("FLUX_KUSTOMIZE_CONTROLLER_VERSION") + "-helm-" + v.get("FLUX_HELM_CONTROLLER_VERSION")
        + "-notification-" + v.get("FLUX_NOTIFICATION_CONTROLLER_VERSION")));
  }

  /** A Flux controller (source-controller, kustomize-controller) dev/build-flux.sh built. */
  static Path fluxController(String name) {
    String versionKey = "FLUX_" + name.replace("-", "_").toUpperCase(java.util.Locale.ROOT) + "_VERSION";
    return require(cache().resolve("flux-controllers").resolve(name).resolve(versions().get(versionKey)).resolve(name),
        "dev/build-flux.sh");
  }

  static Path serviceMonitorCrd() {
    return monitoringCrd("servicemonitors");
  }

  static Path prometheusRuleCrd() {
    return monitoringCrd("prometheusrules");
  }

  private static Path monitoringCrd(String plural) {
    return require(cache().resolve("prometheus-operator-crds").resolve(versions().get("PROMETHEUS_OPERATOR_VERSION"))
        .resolve("monitoring.coreos.com_" + plural + ".yaml"));
  }

  private static Path tool(String name, String versionKey) {
    return require(cache().resolve(name).resolve(versions().get(versionKey)).resolve(name));
  }

  private static Path require(Path path) {
    return require(path, "dev/setup.sh");
  }

  private static Path require(Path path, String script) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(path + " is missing; install it with " + script);
    }
    return path;
  }

  private static Path cache() {
    String configured = System.getenv("HAPROXY_OPERATOR_CACHE");
    return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".cache", "haproxy-operator");
  }

  private static Map<String, String> versions() {
    try {
      return Files.readAllLines(Path.of(System.getProperty("project.basedir", "."), "dev", "versions.env")).stream()
          .filter(line -> line.matches("^[A-Z_]+=.*"))
          .map(line -> line.split("=", 2))
          .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
