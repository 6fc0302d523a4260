package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.target.TargetFingerprint;
import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.LocalObjectReference;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.pipeline.AppliedRecord;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Builders for the unit tests of the pure status and event logic. */
final class Fixtures {

  static final String HASH_A = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String HASH_B = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

  private Fixtures() {
  }

  static HAProxyConfig resource(long generation, String... targets) {
    List<Target> list = Arrays.stream(targets)
        .map(name -> new Target(name, "http://127.0.0.1:5555/v3", new LocalObjectReference("creds")))
        .toList();
    HAProxyConfig resource = new HAProxyConfig("ns", "edge",
        new HAProxyConfigSpec(new ConfigSource(new SecretKeySelector("cfg", "haproxy.cfg")), list));
    resource.getMetadata().setGeneration(generation);
    return resource;
  }

  static TargetResult applied(String target, String hash, long version) {
    return TargetResult.applied(target, hash, new TargetFingerprint(version, "md5-" + version),
        target + "-reload-" + version, Duration.ofMillis(120));
  }

  static TargetResult inSync(String target, String hash, long version) {
    return TargetResult.inSync(target, hash, new TargetFingerprint(version, "md5-" + version));
  }

  static TargetResult rejected(String target, String previousHash) {
    return TargetResult.failed(target, Outcome.REJECTED, "line 14: unknown keyword 'bogus' in 'frontend' section",
        applied(previousHash), List.of(new ValidationError(14, "unknown keyword 'bogus' in 'frontend' section")));
  }

  static TargetResult failed(String target, Outcome outcome, String message, String previousHash) {
    return TargetResult.failed(target, outcome, message, applied(previousHash), null);
  }

  /** What the status records as applied: {@code hash} at configuration version 1, or nothing. */
  private static AppliedRecord applied(String hash) {
    return hash == null ? null : new AppliedRecord(hash, new TargetFingerprint(1, "md5-1"), null);
  }
}
