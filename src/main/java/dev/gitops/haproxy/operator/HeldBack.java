package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.DesiredFile;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a config rolled back on a target stays held back. It does while nothing that
 * could change the outcome changed: the spec (its generation), the files, and no reconcile was
 * requested. The config itself is compared by the pipeline: a new one is always tried. Pure.
 */
final class HeldBack {

  private HeldBack() {
  }

  /** Per target, the config rolled back there and still held back; targets without one are absent. */
  static Map<String, String> rolledBackFrom(HAProxyConfig resource, HAProxyConfigStatus previous,
      DesiredConfig desired) {
    boolean sameSpec = Objects.equals(resource.getMetadata().getGeneration(), previous.observedGeneration());
    boolean noNewRequest = resource.requestedAt().map(r -> r.equals(previous.lastHandledReconcileAt())).orElse(true);
    if (!sameSpec || !noNewRequest || !sameFiles(previous, desired)) {
      return Map.of();
    }
    return previous.targets().stream().filter(t -> t.rolledBackFrom() != null)
        .collect(Collectors.toMap(TargetStatus::name, TargetStatus::rolledBackFrom));
  }

  private static boolean sameFiles(HAProxyConfigStatus previous, DesiredConfig desired) {
    Set<String> before = previous.files().stream().map(HeldBack::key).collect(Collectors.toSet());
    Set<String> now = desired.files().stream().map(HeldBack::key).collect(Collectors.toSet());
    return before.equals(now);
  }

  private static String key(DesiredFile file) {
    return file.kind() + "/" + file.name() + "@" + file.hash();
  }

  private static String key(FileStatus file) {
    return file.kind() + "/" + file.name() + "@" + file.hash();
  }
}
