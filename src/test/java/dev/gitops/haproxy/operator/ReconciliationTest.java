package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.pipeline.Backoff;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.pipeline.DesiredConfig;
import dev.gitops.haproxy.pipeline.Rollout;
import dev.gitops.haproxy.pipeline.TargetClaim;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import dev.gitops.haproxy.policy.PolicyFile;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.ScriptedLoadBalancer;
import dev.gitops.haproxy.target.TargetUnreachableException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whole reconciles, driven the way JOSDK drives them, with a scripted load balancer behind the
 * seam and the API server replaced by what a reconcile reads and writes: when the next one comes,
 * which Events go where, and that a reconcile which changes nothing writes nothing.
 */
class ReconciliationTest {

  private static final String CONFIG = "global\n    maxconn 100\n";
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final ScriptedLoadBalancer lb = new ScriptedLoadBalancer();
  private final Map<String, Secret> secrets = new HashMap<>();
  private final Map<String, DesiredConfig> kept = new HashMap<>();
  private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Where Events are recorded: here by default; a test may record them elsewhere, later. */
  private java.util.concurrent.Executor reporting = Runnable::run;
  private final RecordingStatusStore store = new RecordingStatusStore();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
  private final Reconciliation reconciliation = new Reconciliation(
      new TargetPolicy(AllowedHosts.parse("127.0.0.1"), true, false),
      PolicyFile.builtIn(),
      new InputResolver((namespace, name) -> Optional.ofNullable(secrets.get(name)),
          (namespace, name) -> Optional.empty()),
      (target, resolved) -> lb,
      (resource, target) -> TargetClaim.NONE,
      new Reconciliation.KeptConfigs() {
        @Override
        public Optional<DesiredConfig> load(HAProxyConfig resource, String hash) {
          return Optional.ofNullable(kept.get(hash));
        }

        @Override
        public boolean save(HAProxyConfig resource, DesiredConfig config) {
          kept.put(config.hash(), config);
          return true;
        }
      },
      new Rollout(new TargetSynchronizer(), Runnable::run),
      this::record,
      command -> reporting.execute(command),
      new OperatorMetrics(new SimpleMeterRegistry()),
      new RetryBackoff(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5))),
      Duration.ofSeconds(10),
      clock,
      () -> false);

  /** The status writes a reconcile makes, and whether the resource is still there when it ends. */
  private final class RecordingStatusStore implements Reconciliation.StatusStore {
    final List<HAProxyConfigStatus> writes = new ArrayList<>();
    /** How many Events had been recorded by each write. */
    final List<Integer> eventsAtWrite = new ArrayList<>();
    Reconciliation.Presence presence = Reconciliation.Presence.SAME;

    @Override
    public HAProxyConfig write(HAProxyConfig resource, HAProxyConfigStatus status) {
      writes.add(status);
      eventsAtWrite.add(events.size());
      HAProxyConfig written = new HAProxyConfig(resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), resource.getSpec());
      written.setMetadata(resource.getMetadata());
      written.setStatus(status);
      return written;
    }

    @Override
    public Reconciliation.Presence presenceOf(HAProxyConfig resource) {
      return presence;
    }
  }

  private void record(HasMetadata regarding, Reason reason, String message) {
    events.add(regarding.getKind() + "/" + regarding.getMetadata().getName() + " " + reason + ": " + message);
  }

  private void configSecret(String content) {
    secrets.put("cfg", labeled("cfg", Map.of("haproxy.cfg", content)));
    secrets.put("creds", labeled("creds", Map.of("username", "admin", "password", "not-logged")));
  }

  private static Secret labeled(String name, Map<String, String> data) {
    Map<String, String> encoded = new HashMap<>();
    data.forEach((key, value) -> encoded.put(key,
        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withNewMetadata().withNamespace("ns").withName(name)
        .addToLabels(InputLabel.KEY, InputLabel.VALUE).endMetadata().withData(encoded).build();
  }

  private HAProxyConfig resource(HAProxyConfigStatus status) {
    HAProxyConfig resource = Fixtures.resource(1, "lb1");
    resource.getMetadata().setUid("uid-1");
    resource.getSpec().setInterval(INTERVAL.toSeconds() + "s");
    resource.setStatus(status);
    return resource;
  }

  /** Reconciles as JOSDK would next: with the status the last write left. */
  private Reconciliation.Next reconcileAgain() {
    return reconciliation.reconcile(resource(store.writes.isEmpty() ? null : store.writes.get(store.writes.size() - 1)),
        store);
  }

  @Test
  void aNewConfigIsAppliedOnceAndAReconcileThatChangesNothingWritesNothing() {
    configSecret(CONFIG);

    Reconciliation.Next first = reconcileAgain();

    assertThat(first.after()).contains(INTERVAL);
    assertThat(lb.appliedConfigs).containsExactly(CONFIG);
    assertThat(store.writes).hasSize(2);
    assertThat(store.writes.get(1).appliedHash()).isEqualTo(ConfigHash.of(CONFIG));
    assertThat(events).anyMatch(e -> e.startsWith("HAProxyConfig/edge ConfigApplied"))
        .anyMatch(e -> e.startsWith("Secret/cfg ConfigAccepted"));
    int writes = store.writes.size();
    int emitted = events.size();

    Reconciliation.Next second = reconcileAgain();

    assertThat(second.after()).contains(INTERVAL);
    assertThat(lb.appliedConfigs).hasSize(1);
    assertThat(store.writes).as("status writes").hasSize(writes);
    assertThat(events).as("Events").hasSize(emitted);
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void theEventsOfAReconcileAreRecordedAtOnceAndAllBeforeTheStatusThatTheyExplain() {
    configSecret(CONFIG);
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.CountDownLatch bothStarted = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.atomic.AtomicBoolean together = new java.util.concurrent.atomic.AtomicBoolean(true);
    reporting = command -> new Thread(() -> {
      threads.add(Thread.currentThread().getName());
      bothStarted.countDown();
      try {
        // Each waits for the other: recorded one after the other, they would never both start.
        if (!bothStarted.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
          together.set(false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        command.run();
      }
    }).start();

    reconcileAgain();

    assertThat(together).as("two Events were being recorded at the same time").isTrue();
    assertThat(events).anyMatch(e -> e.startsWith("HAProxyConfig/edge ConfigApplied"))
        .anyMatch(e -> e.startsWith("Secret/cfg ConfigAccepted"));
    assertThat(threads).hasSizeGreaterThanOrEqualTo(2);
    assertThat(store.eventsAtWrite).as("Events recorded by each status write").containsExactly(0, events.size());
  }

  @Test
  void aStoppingOperatorStillRecordsTheEventsOfTheReconcilesItFinishes() {
    configSecret(CONFIG);
    reporting = command -> {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    };

    reconcileAgain();

    assertThat(events).anyMatch(e -> e.startsWith("HAProxyConfig/edge ConfigApplied"));
    assertThat(store.writes).hasSize(2);
  }

  @Test
  void aTargetOutOfReachIsRetriedWithADoublingBackoffThatNeverWaitsLongerThanTheInterval() {
    configSecret(CONFIG);
    lb.unreachable = new TargetUnreachableException("connection refused", null);

    List<Duration> delays = new ArrayList<>();
    for (int attempt = 0; attempt < 6; attempt++) {
      delays.add(reconcileAgain().after().orElseThrow());
    }
    assertThat(delays).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
        Duration.ofSeconds(16), INTERVAL, INTERVAL);
    assertThat(events.stream().filter(e -> e.contains("TargetUnreachable"))).as("one Event, not one per retry")
        .hasSize(1);

    lb.unreachable = null;
    assertThat(reconcileAgain().after()).contains(INTERVAL);
    assertThat(lb.appliedConfigs).containsExactly(CONFIG);

    // Recovered, the backoff starts again from its first step.
    configSecret(CONFIG + "# changed\n");
    lb.unreachable = new TargetUnreachableException("connection refused", null);
    assertThat(reconcileAgain().after()).contains(Duration.ofSeconds(2));
  }

  @Test
  void aRejectedConfigWaitsForANewOneAndTellsTheSecretOnlyTheLineNumbers() {
    configSecret(CONFIG + "    bogus s3cret-token\n");
    lb.validation = new ConfigRejectedException("line 3: unknown keyword 'bogus' near 's3cret-token'",
        List.of(new ValidationError(3, "unknown keyword 'bogus' near 's3cret-token'")));

    Reconciliation.Next next = reconcileAgain();

    assertThat(next.after()).as("no backoff: only a new config can change the verdict").contains(INTERVAL);
    assertThat(lb.appliedConfigs).isEmpty();
    HAProxyConfigStatus status = store.writes.get(store.writes.size() - 1);
    assertThat(status.condition("Stalled").orElseThrow().getReason()).isEqualTo("ValidationFailed");
    assertThat(events).anyMatch(e -> e.startsWith("HAProxyConfig/edge ConfigRejected"));
    assertThat(events.stream().filter(e -> e.startsWith("Secret/cfg ConfigRejected")))
        .singleElement().satisfies(e -> assertThat(e).contains("line 3").doesNotContain("s3cret-token"));
  }

  @Test
  void aConfigAgainstThePolicyIsNeitherValidatedNorAppliedStallsAndIsReportedOnceWithLinesAndRulesOnly() {
    configSecret(CONFIG + "    lua-load /etc/haproxy/s3cret.lua\nprogram exfiltrate\n    command /bin/true\n");

    Reconciliation.Next next = reconcileAgain();

    assertThat(next.after()).as("no backoff: only a new config can change the verdict").contains(INTERVAL);
    assertThat(lb.calls).as("no target is asked anything").isEmpty();
    assertThat(store.writes).as("no progress is written for a config that goes nowhere").hasSize(1);
    HAProxyConfigStatus status = store.writes.get(0);
    assertThat(status.condition("Ready").orElseThrow()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("PolicyViolation");
    });
    assertThat(status.condition("Stalled").orElseThrow()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("PolicyViolation");
    });
    assertThat(status.condition("Reconciling").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(status.validation().valid()).isFalse();
    assertThat(status.validation().errors()).extracting(ValidationError::line).containsExactly(3, 4);
    assertThat(status.appliedHash()).isNull();
    assertThat(status.history()).first().satisfies(h -> assertThat(h.result()).isEqualTo("PolicyViolation"));
    assertThat(events).hasSize(2);
    assertThat(events).anySatisfy(e -> assertThat(e).startsWith("HAProxyConfig/edge ConfigRejected")
        .contains("line 3 (no-lua-load)", "line 4 (no-program-sections)").doesNotContain("s3cret", "exfiltrate"));
    assertThat(events).anySatisfy(e -> assertThat(e).startsWith("Secret/cfg ConfigRejected")
        .contains("line 3 (no-lua-load)", "line 4 (no-program-sections)").doesNotContain("s3cret", "exfiltrate"));

    // Terminal: the same config again is neither retried nor reported again.
    assertThat(reconcileAgain().after()).contains(INTERVAL);
    assertThat(lb.calls).isEmpty();
    assertThat(events).hasSize(2);
    assertThat(store.writes).hasSize(1);

    // A config within the policy goes on as usual.
    configSecret(CONFIG);
    reconcileAgain();
    assertThat(lb.appliedConfigs).containsExactly(CONFIG);
    assertThat(store.writes.get(store.writes.size() - 1).condition("Ready").orElseThrow().getStatus())
        .isEqualTo("True");
  }

  @Test
  void theConfigAppliedEventAndTheHistorySayWhatChangedAgainstTheLastKnownGoodConfig() {
    String first = CONFIG + "defaults\n    timeout connect 1s\n    timeout server 5s\n"
        + "backend app\n    server s1 127.0.0.1:8080\n";
    String second = first + "    server s2 127.0.0.1:8081\nbackend other\n    server s3 127.0.0.1:8082\n";

    assertAppliedWithChange(first, "first config");
    assertAppliedWithChange(second, "+1 backend, +1 server");
    assertAppliedWithChange(second + "# only a comment\n", "only comments or formatting changed");
  }

  /** Applies {@code config} and finds {@code change} in the ConfigApplied Event and the newest history entry. */
  private void assertAppliedWithChange(String config, String change) {
    events.clear();
    configSecret(config);
    reconcileAgain();
    assertThat(events).anySatisfy(e -> assertThat(e).startsWith("HAProxyConfig/edge ConfigApplied")
        .endsWith("; changes: " + change));
    assertThat(store.writes.get(store.writes.size() - 1).history()).first()
        .satisfies(h -> assertThat(h.change()).isEqualTo(change));
  }

  @Test
  void anHttpFrontendWithoutIdleCloseOnResponseIsAppliedWithAWarning() {
    configSecret(CONFIG + "defaults\n    mode http\n    timeout client 5s\nfrontend web\n    bind :80\n");

    reconcileAgain();

    HAProxyConfigStatus status = store.writes.get(store.writes.size() - 1);
    assertThat(lb.appliedConfigs).hasSize(1);
    assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(status.validation().valid()).isTrue();
    assertThat(status.validation().warnings()).singleElement().satisfies(w -> {
      assertThat(w.line()).isEqualTo(6);
      assertThat(w.message()).startsWith("frontend web (line 6): no option idle-close-on-response");
    });
  }

  @Test
  void aMissingSecretStallsAndTheLoadBalancerIsNotAsked() {
    Reconciliation.Next next = reconcileAgain();

    assertThat(next.after()).contains(INTERVAL);
    assertThat(lb.calls).isEmpty();
    assertThat(store.writes.get(store.writes.size() - 1).condition("Stalled").orElseThrow().getReason())
        .isEqualTo("SecretNotFound");
    assertThat(events).singleElement().satisfies(e -> assertThat(e).startsWith("HAProxyConfig/edge SecretNotFound"));
  }

  @Test
  void aResourceDeletedWhileItWasReconciledGetsNoFinalStatusNoRequeueAndItsBackoffIsForgotten() {
    configSecret(CONFIG);
    lb.unreachable = new TargetUnreachableException("connection refused", null);
    assertThat(reconcileAgain().after()).contains(Duration.ofSeconds(2));
    assertThat(reconcileAgain().after()).contains(Duration.ofSeconds(4));
    int writes = store.writes.size();

    store.presence = Reconciliation.Presence.GONE;
    Reconciliation.Next next = reconcileAgain();

    assertThat(next.after()).isEmpty();
    assertThat(store.writes).as("no status for a deleted resource").hasSize(writes);
    // Created again under the same name, it starts with a fresh backoff, not the deleted one's.
    store.presence = Reconciliation.Presence.SAME;
    assertThat(reconcileAgain().after()).contains(Duration.ofSeconds(2));
  }

  @Test
  void aResourceReplacedUnderTheSameNameIsLeftToItsOwnReconcile() {
    configSecret(CONFIG);
    store.presence = Reconciliation.Presence.REPLACED;

    Reconciliation.Next next = reconcileAgain();

    assertThat(next.after()).isEmpty();
    assertThat(store.writes).as("only the progress note written before the rollout").hasSize(1);
    assertThat(store.writes.get(0).appliedHash()).isNull();
  }
}
