package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.invalidConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gitops.haproxy.local.LocalMode;
import dev.gitops.haproxy.local.OutcomeReporter;
import dev.gitops.haproxy.pipeline.Backoff;
import dev.gitops.haproxy.pipeline.TargetSynchronizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.gitops.haproxy.target.LoadBalancer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Local mode against a real HAProxy + Data Plane API, driven by real file edits. */
abstract class LocalModeScenarios extends OneLoadBalancer {

  private static final Duration LIVE_WITHIN = Duration.ofSeconds(1);

  @TempDir
  Path directory;
  private Path file;
  private int port;
  private LineCollector output;
  private LocalMode localMode;

  @BeforeEach
  void startLocalMode() throws IOException {
    skipWhereTheKindCannotRun();
    file = directory.resolve("haproxy.cfg");
    port = DataplaneRig.freePort();
    Files.writeString(file, config(port, "initial"));
    output = new LineCollector();
    LoadBalancer target = rig.loadBalancer();
    localMode = new LocalMode(file, target,
        new TargetSynchronizer(), new OutcomeReporter(output.printStream(), target.describe()),
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))).start();
    awaitServing("initial", Duration.ofSeconds(10));
  }

  @AfterEach
  void stopLocalMode() throws IOException {
    if (localMode != null) {
      localMode.close();
    }
  }

  private void awaitServing(String body, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> body.equals(rig.get(port, "/")));
  }

  @Test
  void anEditIsLiveWithinASecond() throws Exception {
    long version = rig.applies();
    long started = System.nanoTime();
    Files.writeString(file, config(port, "edited"));
    awaitServing("edited", LIVE_WITHIN);
    System.out.printf("MEASURED %s, local mode save -> new routing answers: %d ms%n", rig.kind(), (System.nanoTime() - started) / 1_000_000);

    await().atMost(Duration.ofSeconds(2)).until(() -> output.count("accepted and applied") == 2);
    assertThat(rig.applies()).isEqualTo(version + 1);
  }

  @Test
  void anInvalidEditIsRejectedWithItsLineNumberAndTheOldRoutingStays() throws Exception {
    long version = rig.applies();
    String bad = invalidConfig(port);
    Files.writeString(file, bad);

    await().atMost(Duration.ofSeconds(5)).until(() -> output.count("rejected") == 1);
    assertThat(output.lines()).anyMatch(line -> line.trim().equals(
        "line " + OperatorTestSupport.bogusLine(bad) + ": unknown keyword 'bogus' in 'frontend' section"));
    assertThat(rig.get(port, "/")).isEqualTo("initial");
    assertThat(rig.applies()).isEqualTo(version);
  }

  @Test
  void nothingIsAppliedWhileTheFileIsMissingAndItIsAppliedWhenItIsBack() throws Exception {
    long version = rig.applies();
    Files.delete(file);
    await().atMost(Duration.ofSeconds(5)).until(() -> output.count("waiting for") == 1);
    Thread.sleep(500);
    assertThat(rig.applies()).isEqualTo(version);
    assertThat(rig.get(port, "/")).isEqualTo("initial");

    Files.writeString(file, config(port, "recreated"));
    awaitServing("recreated", LIVE_WITHIN.plusSeconds(1));
    assertThat(rig.applies()).isEqualTo(version + 1);
  }

  @Test
  void anEditorStyleAtomicRenameIsAppliedOnce() throws Exception {
    long version = rig.applies();
    Path temporary = directory.resolve(".haproxy.cfg.swp");
    Files.writeString(temporary, config(port, "renamed"));
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    awaitServing("renamed", LIVE_WITHIN);
    Thread.sleep(500);
    assertThat(rig.applies()).isEqualTo(version + 1);
    assertThat(output.count("accepted and applied")).isEqualTo(2);
  }

  @Test
  void aBurstOfWritesIsOneApplyAndASaveWithoutChangesIsNone() throws Exception {
    long version = rig.applies();
    for (int i = 1; i <= 5; i++) {
      Files.writeString(file, config(port, "burst-" + i));
      Thread.sleep(10);
    }
    awaitServing("burst-5", LIVE_WITHIN);
    Thread.sleep(500);
    assertThat(rig.applies()).isEqualTo(version + 1);

    Files.writeString(file, config(port, "burst-5"));
    Thread.sleep(700);
    assertThat(rig.applies()).isEqualTo(version + 1);
    assertThat(output.count("accepted and applied")).isEqualTo(2);
  }

  @Test
  void anEmptySaveIsNeverAppliedAndTheNextRealOneIs() throws Exception {
    long version = rig.applies();
    // What an editor leaves for a moment when it truncates before writing, or a slip of the hand.
    Files.writeString(file, "\n  \n");
    await().atMost(Duration.ofSeconds(5)).until(() -> output.count("empty") == 1);
    Thread.sleep(500);
    assertThat(rig.applies()).isEqualTo(version);
    assertThat(rig.get(port, "/")).isEqualTo("initial");

    Files.writeString(file, config(port, "after-empty"));
    awaitServing("after-empty", LIVE_WITHIN);
    assertThat(rig.applies()).isEqualTo(version + 1);
  }

  @Test
  void aSaveWhileTheTargetDoesNotAnswerIsAppliedOnceItDoesWithoutAnotherSave() throws Exception {
    // Frozen, not cut off: moving a master's socket away races with the re-execution of a reload
    // still settling, which puts a new socket in its place.
    rig.freeze();
    try {
      Files.writeString(file, config(port, "while-away"));
      await().atMost(Duration.ofSeconds(40)).until(() -> output.count("retrying in") >= 1);
      assertThat(rig.get(port, "/")).isEqualTo("initial");
    } finally {
      rig.thaw();
    }
    awaitServing("while-away", Duration.ofSeconds(40));
  }
}
