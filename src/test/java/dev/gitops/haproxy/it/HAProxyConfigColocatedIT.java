package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.condition;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static dev.gitops.haproxy.it.OperatorTestSupport.readyWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigStatus;
import dev.gitops.haproxy.model.Target;
import dev.gitops.haproxy.model.TargetState;
import dev.gitops.haproxy.model.TargetStatus;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.target.ApplyResult;
import dev.gitops.haproxy.target.LoadBalancer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The HAProxyConfig scenarios against a co-located HAProxy (its config file, master socket and
 * haproxy -c), and what only that way has: a file on disk that must never hold a config that
 * failed, a master that a config can kill, declarations that resources can only select by name.
 */
class HAProxyConfigColocatedIT extends HAProxyConfigScenarios implements RigFactory.OnColocated {

  private static final String DOOMED = "doomed";

  @Override
  protected List<String> extraRigs() {
    return List.of(DOOMED);
  }

  private ColocatedRig colocated() {
    return (ColocatedRig) rig;
  }

  @Test
  void haproxysMessageAboutALatin1ByteShowsTheByteNotAReplacementCharacter() throws Exception {
    live("before-latin1");
    byte[] config = (config(port, "never") + "    caf\u00e9 on\n").getBytes(StandardCharsets.ISO_8859_1);
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withMetadata(OperatorTestSupport.input(namespace, "edge-cfg"))
        .withData(java.util.Map.of("haproxy.cfg", java.util.Base64.getEncoder().encodeToString(config)))
        .build()).serverSideApply();

    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge",
        condition("Validated", "False", "ValidationFailed"));
    assertThat(status.validation().errors()).anySatisfy(error ->
        assertThat(error.message()).contains("'caf\\xe9'").doesNotContain("\ufffd"));
    assertThat(rig.get(port, "/")).isEqualTo("before-latin1");
  }

  private void configBytes(byte[] config) {
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withMetadata(OperatorTestSupport.input(namespace, "edge-cfg"))
        .withData(java.util.Map.of("haproxy.cfg", java.util.Base64.getEncoder().encodeToString(config)))
        .build()).serverSideApply();
  }

  @Test
  void aConfigNearTheSecretSizeLimitWithCrlfRunsByteForByteAndOneWithoutFinalNewlineIsHAProxysToRefuse()
      throws Exception {
    // As a Windows editor saves it, CRLF line ends, padded with comments to just under the 1 MiB a
    // Secret may hold.
    StringBuilder text = new StringBuilder(config(port, "large-crlf").replace("\n", "\r\n"));
    while (text.length() < 1_000_000) {
      text.append("# filler ").append(text.length()).append(" to make the config as large as a Secret allows\r\n");
    }
    byte[] config = text.toString().getBytes(StandardCharsets.US_ASCII);
    configBytes(config);
    support.haproxyConfig(namespace, "edge", "edge-cfg", rig.target("lb1"));

    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(config)));
    assertThat(status.desiredHash()).as("the sha256sum of the bytes in Git")
        .isEqualTo("sha256:" + java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(config)));
    assertThat(colocated().configFile()).isEqualTo(config);
    assertThat(rig.get(port, "/")).isEqualTo("large-crlf");

    // The same without its last line end: HAProxy 2.6 refuses it (a truncated file, it says). The
    // operator never adds one: what runs is what is in Git, or nothing new.
    byte[] truncated = java.util.Arrays.copyOf(config, config.length - 2);
    configBytes(truncated);
    HAProxyConfigStatus refused = support.awaitStatus(namespace, "edge",
        condition("Validated", "False", "ValidationFailed"));
    assertThat(refused.validation().message()).contains("Missing LF on last line");
    assertThat(refused.validation().errors()).singleElement()
        .satisfies(error -> assertThat(error.line()).isEqualTo((int) text.chars().filter(c -> c == '\n').count()));
    assertThat(colocated().configFile()).isEqualTo(config);
    assertThat(rig.get(port, "/")).isEqualTo("large-crlf");
  }

  @Test
  void rejectedConfigNeverReachesTheFileHAProxyLoads() throws Exception {
    live("accepted");
    byte[] onDisk = colocated().configFile();

    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", OperatorTestSupport.invalidConfig(port));
    support.awaitStatus(namespace, "edge", condition("Validated", "False", "ValidationFailed"));

    assertThat(colocated().configFile()).isEqualTo(onDisk);
    assertThat(Files.list(colocated().runDir()).map(p -> p.getFileName().toString()))
        .as("no candidate or temporary file left next to it").noneMatch(name -> name.startsWith(".haproxy-operator-")
            && !name.endsWith(".lock"));
  }

  @Test
  void failedReloadPutsThePreviousFileBackAndSaysWhy() throws Exception {
    // Without the rollback, which would reload the previous config again and reset the count.
    String v1 = live("before-reload-failure", spec -> spec.setRollbackOnFailure(false));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      support.configSecret(namespace, "edge-cfg", "haproxy.cfg", config(port, "after") + """

          frontend clash
              bind 127.0.0.1:%d
          """.formatted(taken.getLocalPort()));
      HAProxyConfigStatus failed = support.awaitStatus(namespace, "edge", condition("Ready", "False", "ReloadFailed"));

      assertThat(failed.target("lb1").orElseThrow().message())
          .contains("cannot bind socket (Address already in use)").contains("previous config file is back");
      assertThat(colocated().configFile()).isEqualTo(v1.getBytes(StandardCharsets.UTF_8));
      assertThat(colocated().processes().failedReloads()).isPositive();
      assertThat(rig.get(port, "/")).isEqualTo("before-reload-failure");
    }
  }

  @Test
  void targetSelectingAnUndeclaredHAProxyStallsAndTouchesNothing() {
    applyValid("edge", "never");
    support.haproxyConfig(namespace, "edge", "edge-cfg", Target.colocated("lb1", "not-declared"));

    HAProxyConfigStatus status = support.awaitStatus(namespace, "edge", condition("Stalled", "True", "UndeclaredTarget"));
    assertThat(status.condition("Ready").orElseThrow().getMessage())
        .contains("'not-declared'").contains("does not declare").contains("lb1, lb1-alias, lb2");
    assertThat(support.events(namespace, "HAProxyConfig", "edge", "UndeclaredTarget")).hasSize(1);
  }

  @Test
  void configFileEditedByHandOnTheHostIsReappliedAtTheNextReconcile() throws Exception {
    String desired = live("from-git");
    long applies = rig.applies();
    Files.writeString(colocated().runDir().resolve("haproxy.cfg"), config(port, "edited-by-hand"));

    Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
        HAProxyConfig.REQUESTED_AT_ANNOTATION + "=after-hand-edit");
    assertThat(annotate.exitCode()).as(annotate.output()).isZero();
    support.awaitStatus(namespace, "edge", s -> "after-hand-edit".equals(s.lastHandledReconcileAt()));

    assertThat(colocated().configFile()).isEqualTo(desired.getBytes(StandardCharsets.UTF_8));
    assertThat(rig.applies()).isEqualTo(applies + 1);
    assertThat(rig.get(port, "/")).isEqualTo("from-git");
  }

  @Test
  void configThatKillsHAProxysWorkersIsNeverReportedAppliedNorAppliedAgain() throws Exception {
    ColocatedRig doomed = (ColocatedRig) rig(DOOMED);
    String good = config(port, "before-chroot");
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", good);
    support.haproxyConfig(namespace, "edge", "edge-cfg", doomed.target("lb1"));
    support.awaitStatus(namespace, "edge", readyWith(ConfigHash.of(good)));

    // haproxy -c accepts a chroot to a directory that does not exist; the new worker then exits at
    // start. Depending on how fast the old worker goes, HAProxy 2.6's master exits too, or stays
    // with no worker: the operator then reloads the previous config, which serves again.
    String fatal = good.replace("global\n", "global\n    chroot /nonexistent-haproxy-operator-test\n");
    support.configSecret(namespace, "edge-cfg", "haproxy.cfg", fatal);
    HAProxyConfigStatus failed = support.awaitStatus(namespace, "edge", s -> s.condition("Ready")
        .filter(c -> "False".equals(c.getStatus()))
        .filter(c -> List.of("TargetUnreachable", "ReloadFailed").contains(c.getReason())).isPresent()
        && s.target("lb1").map(TargetStatus::message).filter(m -> m.contains("Cannot chroot")).isPresent());

    TargetStatus lb1 = failed.target("lb1").orElseThrow();
    // The whole story is in the Event; the status message is cut in the middle to stay readable.
    String told = support.events(namespace, "HAProxyConfig", "edge",
        lb1.state() == TargetState.RolledBack ? "RolledBack" : "TargetUnreachable").get(0).getMessage();
    assertThat(told).containsAnyOf("previous config file is back in place", "previous config file is in place",
        "previous config file was put back");
    assertThat(failed.appliedHash()).isEqualTo(ConfigHash.of(good));
    assertThat(doomed.configFile()).isEqualTo(good.getBytes(StandardCharsets.UTF_8));
    if (lb1.state() == TargetState.Unreachable) {
      assertThat(lb1.message()).containsAnyOf("exited during the reload", "the master exited");
      doomed.restart();
    } else {
      // The driver brought the previous config back to life; the rollback reloaded it once more.
      assertThat(lb1.state()).isEqualTo(TargetState.RolledBack);
      assertThat(lb1.message()).contains("new worker exited at start").contains("rolled back to " + ConfigHash.of(good));
      assertThat(told).contains("the previous config file is back in place and was reloaded");
    }
    assertThat(rig.get(port, "/")).isEqualTo("before-chroot");

    // Asked again (a restart, a retry), the operator does not take HAProxy down a second time.
    long masterPid = doomed.processes().masterPid();
    Commands.Result annotate = kube.kubectl("annotate", "--overwrite", "hapcfg/edge", "-n", namespace,
        HAProxyConfig.REQUESTED_AT_ANNOTATION + "=again");
    assertThat(annotate.exitCode()).as(annotate.output()).isZero();
    HAProxyConfigStatus again = support.awaitStatus(namespace, "edge", s -> "again".equals(s.lastHandledReconcileAt()));
    assertThat(again.target("lb1").orElseThrow().message()).contains("not applied").contains("made its HAProxy "
        + "master exit");
    assertThat(doomed.processes().masterPid()).isEqualTo(masterPid);
    assertThat(doomed.processes().workers()).isNotEmpty();
    assertThat(rig.get(port, "/")).isEqualTo("before-chroot");
  }

  @Test
  void concurrentAppliesToOneHAProxyTakeTurns() throws Exception {
    long before = rig.applies();
    int failedBefore = colocated().processes().failedReloads();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<ApplyResult>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        byte[] config = config(port, "writer-" + i).getBytes(StandardCharsets.UTF_8);
        LoadBalancer ownClient = rig.loadBalancer();
        results.add(pool.submit(() -> ownClient.apply(config)));
      }
      List<String> reloads = new ArrayList<>();
      for (Future<ApplyResult> result : results) {
        reloads.add(result.get().reloadId());
      }
      assertThat(reloads).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
    } finally {
      pool.shutdownNow();
    }
    assertThat(rig.applies()).isEqualTo(before + 6);
    assertThat(colocated().processes().failedReloads()).isEqualTo(failedBefore);
  }
}
