package dev.gitops.haproxy.operator;

import static dev.gitops.haproxy.operator.Fixtures.HASH_A;
import static dev.gitops.haproxy.operator.Fixtures.HASH_B;
import static dev.gitops.haproxy.operator.Fixtures.applied;
import static dev.gitops.haproxy.operator.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.TargetFingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeldBackTest {

  private static final DesiredFile MAP = DesiredFile.of("hosts.map", FileKind.Map,
      "a b\n".getBytes(StandardCharsets.UTF_8), Optional.empty());
  private static final DesiredConfig DESIRED = DesiredConfig.of("new\n").withFiles(List.of(MAP));

  /** A status in which lb1 rolled back from the desired config, as of generation 1. */
  private static HAProxyConfigStatus rolledBack(HAProxyConfig resource) {
    TargetResult back = TargetResult.rolledBack("lb1", DESIRED.hash(), "reload failed", HASH_A,
        new ApplyResult("r", new TargetFingerprint(2, "md5-2"), Duration.ZERO));
    return StatusCalculator.compute(resource, HAProxyConfigStatus.EMPTY,
        new Observation.RolledOut(DESIRED.hash(), List.of(back, applied("lb2", DESIRED.hash(), 1)), List.of(MAP)),
        Instant.EPOCH);
  }

  @Test
  void theRolledBackConfigIsHeldWhileNothingChanged() {
    HAProxyConfig resource = resource(1, "lb1", "lb2");

    assertThat(HeldBack.rolledBackFrom(resource, rolledBack(resource), DESIRED))
        .as("lb1 holds the config back; lb2 runs it").containsExactly(Map.entry("lb1", DESIRED.hash()));
  }

  @Test
  void aNewGenerationARequestOrNewFilesReleaseIt() {
    HAProxyConfig resource = resource(1, "lb1", "lb2");
    HAProxyConfigStatus status = rolledBack(resource);

    assertThat(HeldBack.rolledBackFrom(resource, status, DESIRED)).isNotEmpty();
    assertThat(HeldBack.rolledBackFrom(resource(2, "lb1", "lb2"), status, DESIRED)).isEmpty();
    HAProxyConfig requested = resource(1, "lb1", "lb2");
    requested.getMetadata().setAnnotations(Map.of(HAProxyConfig.FLUX_REQUESTED_AT_ANNOTATION, "now"));
    assertThat(HeldBack.rolledBackFrom(requested, status, DESIRED)).isEmpty();
    DesiredConfig newFile = DESIRED.withFiles(List.of(DesiredFile.of("hosts.map", FileKind.Map,
        "a c\n".getBytes(StandardCharsets.UTF_8), Optional.empty())));
    assertThat(HeldBack.rolledBackFrom(resource, status, newFile)).isEmpty();
    assertThat(HASH_B).isNotEqualTo(DESIRED.hash());
  }
}
