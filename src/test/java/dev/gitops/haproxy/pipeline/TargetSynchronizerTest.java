package dev.gitops.haproxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.DriftPolicy;
import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.ConfigRejectedException;
import dev.gitops.haproxy.target.FileRejectedException;
import dev.gitops.haproxy.target.ScriptedLoadBalancer;
import dev.gitops.haproxy.target.ReloadFailedException;
import dev.gitops.haproxy.target.TargetException;
import dev.gitops.haproxy.target.TargetFingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The per-target steps against a scripted load balancer behind the seam: what is called, in which
 * order, and what is left alone. The real load balancers are in the *ColocatedIT and *DataplaneIT tests.
 */
class TargetSynchronizerTest {

  private final ScriptedLoadBalancer lb = new ScriptedLoadBalancer();
  private final TargetSynchronizer synchronizer = new TargetSynchronizer();

  private TargetWork work(Optional<AppliedRecord> last, List<FileStatus> recorded) {
    return new TargetWork("lb1", lb, last, recorded, DriftPolicy.Correct, Optional.empty(), Optional.empty(),
        TargetClaim.NONE);
  }

  private TargetWork safeguarded(AppliedRecord last, DriftPolicy policy, DesiredConfig lastKnownGood,
      String rolledBackFrom) {
    return new TargetWork("lb1", lb, Optional.of(last), List.of(), policy, Optional.ofNullable(lastKnownGood),
        Optional.ofNullable(rolledBackFrom), TargetClaim.NONE);
  }

  private static DesiredFile file(String name, String content) {
    return DesiredFile.of(name, FileKind.General, content.getBytes(StandardCharsets.UTF_8), Optional.empty());
  }

  @Test
  void aTargetThatRunsTheDesiredConfigAndFilesIsLeftAlone() {
    DesiredConfig desired = DesiredConfig.of("global\n").withFiles(List.of(file("a.lst", "a")));
    lb.stored.put(FileKind.General, new TreeMap<>(Map.of("a.lst", "/lb/a.lst")));
    AppliedRecord last = new AppliedRecord(desired.hash(), lb.fingerprint, DesiredFile.digest(desired.files()));
    List<FileStatus> recorded = List.of(file("a.lst", "a").storedAt("/lb/a.lst"));

    TargetResult result = synchronizer.sync(work(Optional.of(last), recorded), desired);

    assertThat(result.outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(lb.calls).containsExactly("fingerprint");
  }

  @Test
  void changedFilesGoUpBeforeValidationAndUnchangedOnesDoNot() {
    DesiredConfig desired = DesiredConfig.of("global\n").withFiles(List.of(file("a.lst", "a"), file("b.lst", "new")));
    lb.stored.put(FileKind.General, new TreeMap<>(Map.of("a.lst", "/lb/a.lst", "b.lst", "/lb/b.lst")));
    List<FileStatus> recorded = List.of(file("a.lst", "a").storedAt("/lb/a.lst"), file("b.lst", "old").storedAt("/lb/b.lst"));

    TargetResult result = synchronizer.sync(work(Optional.empty(), recorded), desired);

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(lb.calls).containsExactly("fingerprint", "store b.lst", "validate", "apply");
    assertThat(result.files()).extracting(FileStatus::name, FileStatus::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a.lst", "/lb/a.lst"),
            org.assertj.core.groups.Tuple.tuple("b.lst", "/lb/b.lst"));
  }

  @Test
  void aRejectedConfigIsNeverAppliedAndKeepsHAProxysErrors() {
    lb.validation = new ConfigRejectedException("line 3: bad", List.of(new ValidationError(3, "bad")));
    AppliedRecord last = new AppliedRecord("sha256:old", lb.fingerprint);

    TargetResult result = synchronizer.sync(new TargetWork("lb1", lb, Optional.of(last)), DesiredConfig.of("bad\n"));

    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(result.errors()).containsExactly(new ValidationError(3, "bad"));
    assertThat(result.appliedHash()).as("it still runs the old one").isEqualTo("sha256:old");
    assertThat(lb.calls).doesNotContain("apply");
  }

  @Test
  void aFailedReloadReportsThePreviousConfigAsRunning() {
    lb.reload = new ReloadFailedException("port taken");
    AppliedRecord last = new AppliedRecord("sha256:old", lb.fingerprint);

    TargetResult result = synchronizer.sync(new TargetWork("lb1", lb, Optional.of(last)), DesiredConfig.of("new\n"));

    assertThat(result.outcome()).isEqualTo(Outcome.RELOAD_FAILED);
    assertThat(result.message()).isEqualTo("port taken");
    assertThat(result.appliedHash()).isEqualTo("sha256:old");
  }

  @Test
  void filesDroppedFromTheSpecGoAfterTheApplyUnlessTheConfigStillNamesThem() {
    lb.stored.put(FileKind.General, new TreeMap<>(Map.of("old.lst", "/lb/old.lst", "named.lst", "/lb/named.lst")));
    List<FileStatus> recorded = List.of(file("old.lst", "x").storedAt("/lb/old.lst"),
        file("named.lst", "y").storedAt("/lb/named.lst"));
    DesiredConfig desired = DesiredConfig.of("global\n    # acl from /lb/named.lst\n");

    TargetResult result = synchronizer.sync(work(Optional.empty(), recorded), desired);

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(lb.calls).containsExactly("fingerprint", "validate", "apply", "delete old.lst");
    assertThat(result.files()).extracting(FileStatus::name).containsExactly("named.lst");
  }

  @Test
  void aFileTheLoadBalancerRefusesStopsTheStepBeforeValidationAndApply() {
    lb.fileRejection = new FileRejectedException("file a.lst: the storage refused it (HTTP 400)");
    DesiredConfig desired = DesiredConfig.of("global\n").withFiles(List.of(file("a.lst", "a")));

    TargetResult result = synchronizer.sync(work(Optional.empty(), List.of()), desired);

    assertThat(result.outcome()).isEqualTo(Outcome.FILE_REJECTED);
    assertThat(result.message()).contains("a.lst");
    assertThat(lb.calls).containsExactly("fingerprint", "store a.lst");
    assertThat(result.outcome().isTransient()).isFalse();
  }

  @Test
  void anUnexpectedExceptionIsAReportedOutcomeNamingTheTarget() {
    lb.bug = new IllegalStateException("surprise");

    TargetResult result = synchronizer.sync(new TargetWork("lb1", lb, Optional.empty()), DesiredConfig.of("x\n"));

    assertThat(result.outcome()).isEqualTo(Outcome.UNEXPECTED_RESPONSE);
    assertThat(result.message()).contains("scripted lb").contains("surprise");
    assertThat(result.outcome().isTransient()).isTrue();
  }

  private static final DesiredConfig GOOD = DesiredConfig.of("good\n");
  private static final DesiredConfig NEW = DesiredConfig.of("new\n");

  @Test
  void aHandEditIsDriftAndCorrectAppliesTheConfigAgain() {
    AppliedRecord last = new AppliedRecord(NEW.hash(), new TargetFingerprint(1, "applied"));
    lb.fingerprint = new TargetFingerprint(2, "edited");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, null, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.drift()).isEqualTo("configuration version 1 → 2, checksum applied → edited");
    assertThat(result.wroteConfig()).isTrue();
    assertThat(lb.calls).containsExactly("fingerprint", "validate", "apply");
    assertThat(lb.appliedConfigs).containsExactly("new\n");
  }

  @Test
  void warnReportsTheDriftAndWritesNothing() {
    AppliedRecord last = new AppliedRecord(NEW.hash(), new TargetFingerprint(1, "applied"));
    lb.fingerprint = new TargetFingerprint(2, "edited");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Warn, null, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.DRIFTED);
    assertThat(result.drift()).contains("checksum applied → edited");
    assertThat(result.fingerprint()).as("the record stays, so the drift stays visible").isEqualTo(last.fingerprint());
    assertThat(result.outcome().isTransient()).isFalse();
    assertThat(lb.calls).containsExactly("fingerprint");
  }

  @Test
  void ignoreLooksNoFurtherThanReachability() {
    AppliedRecord last = new AppliedRecord(NEW.hash(), new TargetFingerprint(1, "applied"));
    lb.fingerprint = new TargetFingerprint(2, "edited");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Ignore, null, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(result.drift()).isNull();
    assertThat(lb.calls).containsExactly("fingerprint");
  }

  @Test
  void ignoreReportsNoDriftEvenWhenAFileMustGoUpAgain() {
    DesiredConfig desired = NEW.withFiles(List.of(file("a.lst", "a")));
    AppliedRecord last = new AppliedRecord(desired.hash(), new TargetFingerprint(1, "applied"),
        DesiredFile.digest(desired.files()));
    lb.fingerprint = new TargetFingerprint(2, "edited");

    TargetResult result = synchronizer.sync(new TargetWork("lb1", lb, Optional.of(last), List.of(), DriftPolicy.Ignore,
        Optional.empty(), Optional.empty(), TargetClaim.NONE), desired);

    assertThat(lb.calls).contains("store a.lst", "apply");
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.drift()).isNull();
  }

  @Test
  void aNewVersionWithTheSameContentIsNotDrift() {
    AppliedRecord last = new AppliedRecord(NEW.hash(), new TargetFingerprint(1, "applied"));
    lb.fingerprint = new TargetFingerprint(5, "applied");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, null, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(result.fingerprint()).as("the new version is recorded").isEqualTo(lb.fingerprint);
    assertThat(lb.calls).containsExactly("fingerprint");
  }

  @Test
  void aFailedReloadRollsBackToTheLastKnownGoodConfig() {
    AppliedRecord last = new AppliedRecord(GOOD.hash(), lb.fingerprint);
    lb.reload = new ReloadFailedException("cannot bind socket");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, GOOD, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.appliedHash()).isEqualTo(GOOD.hash());
    assertThat(result.rolledBackFrom()).isEqualTo(NEW.hash());
    assertThat(result.fingerprint()).isEqualTo(lb.fingerprint);
    assertThat(result.message()).startsWith("cannot bind socket; rolled back to " + GOOD.hash());
    assertThat(result.outcome().isTransient()).isFalse();
    assertThat(lb.appliedConfigs).containsExactly("new\n", "good\n");
  }

  @Test
  void aConfigRefusedBeforeAnyReloadIsNotRolledBack() {
    AppliedRecord last = new AppliedRecord(GOOD.hash(), lb.fingerprint);
    lb.reload = new ReloadFailedException("not applied: it took HAProxy down before", false);

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, GOOD, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.RELOAD_FAILED);
    assertThat(lb.appliedConfigs).as("no rollback reload: nothing changed").containsExactly("new\n");
  }

  @Test
  void aTargetIsNeverRolledBackToAConfigItDidNotRunLast() {
    AppliedRecord last = new AppliedRecord(DesiredConfig.of("newer than good\n").hash(), lb.fingerprint);
    lb.reload = new ReloadFailedException("cannot bind socket");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, GOOD, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.RELOAD_FAILED);
    assertThat(lb.appliedConfigs).containsExactly("new\n");
  }

  @Test
  void aRollbackThatFailsTooIsAReloadFailureRetriedLater() {
    AppliedRecord last = new AppliedRecord(GOOD.hash(), lb.fingerprint);
    lb.reload = new ReloadFailedException("cannot bind socket");
    lb.rollbackFailure = new ReloadFailedException("still cannot bind");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, GOOD, null), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.RELOAD_FAILED);
    assertThat(result.message()).isEqualTo("cannot bind socket; rolling back to " + GOOD.hash()
        + " failed too: still cannot bind");
    assertThat(result.rolledBackFrom()).isNull();
    assertThat(result.outcome().isTransient()).isTrue();
  }

  @Test
  void aRolledBackConfigIsHeldBackWithOneRead() {
    AppliedRecord last = new AppliedRecord(GOOD.hash(), lb.fingerprint);

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, GOOD, NEW.hash()), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.HELD_BACK);
    assertThat(result.appliedHash()).isEqualTo(GOOD.hash());
    assertThat(result.rolledBackFrom()).isEqualTo(NEW.hash());
    assertThat(lb.calls).containsExactly("fingerprint");
  }

  @Test
  void aHeldBackTargetThatDriftsGetsTheLastKnownGoodConfigAgain() {
    AppliedRecord last = new AppliedRecord(GOOD.hash(), new TargetFingerprint(1, "good"));
    lb.fingerprint = new TargetFingerprint(2, "edited");

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, GOOD, NEW.hash()), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.HELD_BACK);
    assertThat(result.drift()).contains("checksum good → edited");
    assertThat(result.wroteConfig()).isTrue();
    assertThat(lb.appliedConfigs).containsExactly("good\n");
  }

  @Test
  void aLoadBalancerClaimedByAnotherIsNeitherValidatedNorWritten() {
    AppliedRecord last = new AppliedRecord(GOOD.hash(), lb.fingerprint);
    List<String> asked = new ArrayList<>();
    TargetClaim claimedElsewhere = target -> {
      asked.add(target.identity());
      return Optional.of("HAProxyConfig other/edge (target lb1)");
    };

    TargetResult result = synchronizer.sync(new TargetWork("lb1", lb, Optional.of(last), List.of(),
        DriftPolicy.Correct, Optional.empty(), Optional.empty(), claimedElsewhere), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.TARGET_CONFLICT);
    assertThat(result.message()).contains("belongs to HAProxyConfig other/edge (target lb1)");
    assertThat(result.appliedHash()).isEqualTo(GOOD.hash());
    assertThat(asked).containsExactly("scripted:lb");
    assertThat(lb.calls).containsExactly("fingerprint", "identity");
  }

  @Test
  void aNewConfigIsTriedEvenAfterAnotherWasRolledBack() {
    AppliedRecord last = new AppliedRecord(GOOD.hash(), lb.fingerprint);

    TargetResult result = synchronizer.sync(safeguarded(last, DriftPolicy.Correct, GOOD, "sha256:older"), NEW);

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.rolledBackFrom()).isNull();
  }
}
