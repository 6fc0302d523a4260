package dev.gitops.haproxy.operator;

import static dev.gitops.haproxy.operator.Fixtures.HASH_A;
import static dev.gitops.haproxy.operator.Fixtures.applied;
import static dev.gitops.haproxy.operator.Fixtures.failed;
import static dev.gitops.haproxy.operator.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.FileKind;
import dev.gitops.haproxy.model.FileStatus;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.pipeline.DesiredFile;
import dev.gitops.haproxy.pipeline.TargetResult;
import dev.gitops.haproxy.pipeline.TargetResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How spec.files shows in status and Events: paths, hashes, expiry, refusals. */
class FileStatusTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private final HAProxyConfig resource = resource(1, "lb1");

  private static DesiredFile certificate(String content, Instant notAfter) {
    return DesiredFile.of("site.pem", FileKind.SSLCertificate, content.getBytes(StandardCharsets.UTF_8),
        Optional.of(notAfter));
  }

  private static TargetResult appliedWith(DesiredFile file) {
    return applied("lb1", HASH_A, 7).withFiles(List.of(file.storedAt("/etc/haproxy/ssl/site.pem")));
  }

  private HAProxyConfigStatus compute(HAProxyConfigStatus previous, DesiredFile file, TargetResult result,
      Instant now) {
    return StatusCalculator.compute(resource, previous, new Observation.RolledOut(HASH_A, List.of(result),
        List.of(file)), now);
  }

  @Test
  void statusNamesEachFileWithItsHashPathAndExpiry() {
    DesiredFile file = certificate("-----BEGIN PRIVATE KEY-----secret", NOW.plus(Duration.ofDays(90)));

    HAProxyConfigStatus status = compute(HAProxyConfigStatus.EMPTY, file, appliedWith(file), NOW);

    assertThat(status.files()).containsExactly(new FileStatus("site.pem", FileKind.SSLCertificate, file.hash(),
        "/etc/haproxy/ssl/site.pem", "2027-02-21T10:00:00Z", false));
    assertThat(status.target("lb1").orElseThrow().files())
        .containsExactly(new FileStatus("site.pem", FileKind.SSLCertificate, file.hash(), "/etc/haproxy/ssl/site.pem",
            null, null));
  }

  @Test
  void filesCountAsLoadedOnlyWithAConfigAppliedWithThem() {
    DesiredFile first = certificate("first", NOW.plus(Duration.ofDays(90)));
    DesiredFile renewed = certificate("renewed", NOW.plus(Duration.ofDays(180)));
    HAProxyConfigStatus applied = compute(HAProxyConfigStatus.EMPTY, first, appliedWith(first), NOW);

    // The renewed certificate was uploaded, but the apply that would reload HAProxy failed.
    TargetResult failedAfterUpload = failed("lb1", Outcome.RELOAD_FAILED, "reload failed", HASH_A)
        .withFiles(List.of(renewed.storedAt("/etc/haproxy/ssl/site.pem")));
    HAProxyConfigStatus afterFailure = compute(applied, renewed, failedAfterUpload, NOW);
    HAProxyConfigStatus afterRetry = compute(afterFailure, renewed, appliedWith(renewed), NOW);

    assertThat(applied.target("lb1").orElseThrow().appliedFilesHash()).isEqualTo(DesiredFile.digest(List.of(first)));
    assertThat(afterFailure.target("lb1").orElseThrow().files()).extracting(FileStatus::hash)
        .containsExactly(renewed.hash());
    assertThat(afterFailure.target("lb1").orElseThrow().appliedFilesHash())
        .as("still what HAProxy loaded, so the next reconcile applies again")
        .isEqualTo(DesiredFile.digest(List.of(first)));
    assertThat(afterRetry.target("lb1").orElseThrow().appliedFilesHash())
        .isEqualTo(DesiredFile.digest(List.of(renewed)));
  }

  @Test
  void aCertificateEnteringItsLast14DaysIsReportedOnce() {
    DesiredFile file = certificate("pem", NOW.plus(Duration.ofDays(20)));
    HAProxyConfigStatus fresh = compute(HAProxyConfigStatus.EMPTY, file, appliedWith(file), NOW);
    Observation sameAgain = new Observation.RolledOut(HASH_A, List.of(appliedWith(file)), List.of(file));

    HAProxyConfigStatus sevenDaysLater = StatusCalculator.compute(resource, fresh, sameAgain, NOW.plus(Duration.ofDays(7)));
    HAProxyConfigStatus eightDaysLater = StatusCalculator.compute(resource, sevenDaysLater, sameAgain,
        NOW.plus(Duration.ofDays(8)));

    assertThat(fresh.files().get(0).expiresSoon()).isFalse();
    assertThat(EventPlanner.plan(HAProxyConfigStatus.EMPTY, fresh, sameAgain))
        .noneMatch(e -> e.reason() == Reason.CertificateExpiring);
    assertThat(EventPlanner.plan(fresh, sevenDaysLater, sameAgain))
        .filteredOn(e -> e.reason() == Reason.CertificateExpiring).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo(
            "certificate site.pem expires at 2026-12-13T10:00:00Z; renew its Secret"));
    assertThat(EventPlanner.plan(sevenDaysLater, eightDaysLater, sameAgain))
        .noneMatch(e -> e.reason() == Reason.CertificateExpiring);
  }

  @Test
  void aFileTheTargetRefusesStallsTheResourceWithoutApplyingAnything() {
    DesiredFile file = certificate("pem", NOW.plus(Duration.ofDays(90)));
    TargetResult refused = failed("lb1", Outcome.FILE_REJECTED,
        "the Data Plane API at https://lb1:5555/v3 refused SSLCertificate file site.pem: failed to parse certificate",
        null);

    HAProxyConfigStatus status = compute(HAProxyConfigStatus.EMPTY, file, refused, NOW);

    assertThat(status.condition("Stalled").orElseThrow().getReason()).isEqualTo("FileRejected");
    assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(status.condition("Ready").orElseThrow().getMessage()).contains("refused SSLCertificate file site.pem");
    assertThat(status.target("lb1").orElseThrow().state()).isEqualTo(TargetState.Rejected);
    assertThat(EventPlanner.plan(HAProxyConfigStatus.EMPTY, status,
        new Observation.RolledOut(HASH_A, List.of(refused), List.of(file))))
        .anyMatch(e -> e.reason() == Reason.FileRejected);
    assertThat(new Observation.RolledOut(HASH_A, List.of(refused)).needsRetry()).isFalse();

    // The same refusal again is not news; a refusal of new file content is.
    DesiredFile renewed = certificate("renewed pem", NOW.plus(Duration.ofDays(90)));
    HAProxyConfigStatus again = compute(status, file, refused, NOW);
    HAProxyConfigStatus renewedRefused = compute(again, renewed, refused, NOW);
    assertThat(EventPlanner.plan(status, again, new Observation.RolledOut(HASH_A, List.of(refused), List.of(file))))
        .noneMatch(e -> e.reason() == Reason.FileRejected);
    assertThat(EventPlanner.plan(again, renewedRefused,
        new Observation.RolledOut(HASH_A, List.of(refused), List.of(renewed))))
        .anyMatch(e -> e.reason() == Reason.FileRejected);
  }
}
