package dev.gitops.haproxy.it;

import static dev.gitops.haproxy.it.OperatorTestSupport.GLOBAL_AND_DEFAULTS;
import static dev.gitops.haproxy.it.OperatorTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitops.haproxy.pipeline.ConfigHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * validate and apply on a co-located HAProxy (--master-socket), and offline validation with the
 * haproxy binary alone (--offline): the pre-merge gate that needs no running HAProxy.
 */
class CommandLineColocatedIT extends CommandLineScenarios implements RigFactory.OnColocated {

  private ColocatedRig colocated() {
    return (ColocatedRig) rig;
  }

  @Test
  void offlineValidationNeedsOnlyTheHAProxyBinary() throws Exception {
    String bad = OperatorTestSupport.invalidConfig(port);
    Commands.Result valid = OperatorJar.run("validate", file("ok.cfg", config(port, "ok")).toString(), "--offline",
        "--output", "json");
    Commands.Result invalid = OperatorJar.run("validate", file("bad.cfg", bad).toString(), "--offline",
        "--output", "json");

    assertThat(valid.exitCode()).as(valid.output()).isZero();
    JsonNode ok = JSON.readTree(valid.output());
    assertThat(ok.get("result").asText()).isEqualTo("valid");
    assertThat(ok.get("hash").asText()).isEqualTo(ConfigHash.of(config(port, "ok")));
    assertThat(invalid.exitCode()).as(invalid.output()).isEqualTo(1);
    JsonNode rejected = JSON.readTree(invalid.output());
    assertThat(rejected.get("errors").get(0).get("line").asInt()).isEqualTo(OperatorTestSupport.bogusLine(bad));
    assertThat(rejected.get("errors").get(0).get("message").asText()).isEqualTo("unknown keyword 'bogus' in 'frontend' section");
  }

  @Test
  void offlineValidationStagesTheFilesWhereTheConfigNamesThem() throws Exception {
    Path maps = Files.createDirectories(directory.resolve("staged-maps"));
    Path config = file("files.cfg", configWithMap(maps, "routes.map"));
    Path filesDir = routesMapFiles("files");
    // A Kubernetes volume's own entries (..data and the like) are not files of the config.
    Files.createDirectories(filesDir.resolve("..data"));

    Commands.Result without = OperatorJar.run("validate", config.toString(), "--offline");
    Commands.Result noStorage = OperatorJar.run("validate", config.toString(), "--offline", "--files-dir",
        filesDir.toString(), "--output", "json");
    Commands.Result staged = OperatorJar.run("validate", config.toString(), "--offline", "--files-dir",
        filesDir.toString(), "--storage", "Map=" + maps, "--output", "json");

    assertThat(without.exitCode()).as(without.output()).isEqualTo(1);
    assertThat(noStorage.exitCode()).as(noStorage.output()).isEqualTo(1);
    assertThat(JSON.readTree(noStorage.output()).get("message").asText())
        .contains("declares no directory for Map files, so routes.map cannot be put on it");
    assertThat(staged.exitCode()).as(staged.output() + staged.stderr()).isZero();
    assertThat(JSON.readTree(staged.output()).get("message").asText()).contains("is valid with 1 file");
    // haproxy -c found the map, which is gone again: the directory is as it was.
    assertThat(maps.resolve("routes.map")).doesNotExist();
  }

  /** A --files-dir named {@code name} holding {@code Map/routes.map}. */
  private Path routesMapFiles(String name) throws IOException {
    Path filesDir = directory.resolve(name);
    Files.writeString(Files.createDirectories(filesDir.resolve("Map")).resolve("routes.map"), "/api api\n");
    return filesDir;
  }

  /** A pipeline's timeout stops the command with SIGTERM, here while its (slow) haproxy -c runs. */
  @Test
  void aSigtermDuringTheCheckStillPutsTheStagedFilesBack() throws Exception {
    Path maps = Files.createDirectories(directory.resolve("sigterm-maps"));
    Path config = file("sigterm.cfg", configWithMap(maps, "routes.map"));
    Path filesDir = routesMapFiles("sigterm-files");
    Path checking = directory.resolve("checking");
    Path slowHaproxy = directory.resolve("slow-haproxy");
    Files.writeString(slowHaproxy, "#!/bin/sh\ntouch '" + checking + "'\nexec sleep 60\n");
    Files.setPosixFilePermissions(slowHaproxy, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

    Process validate = new ProcessBuilder(OperatorJar.binDirectory().resolve("haproxy-operator").toString(),
        "validate", config.toString(), "--offline", "--haproxy-bin", slowHaproxy.toString(), "--files-dir",
        filesDir.toString(), "--storage", "Map=" + maps).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // The slow haproxy outlives the command: stopped at the end.
    List<ProcessHandle> children = new ArrayList<>();
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Files.exists(checking));
      children.addAll(validate.descendants().toList());
      assertThat(maps.resolve("routes.map")).as("staged for the check").hasContent("/api api");

      validate.destroy();

      assertThat(validate.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(maps.resolve("routes.map")).doesNotExist();
    } finally {
      children.forEach(ProcessHandle::destroyForcibly);
      validate.destroyForcibly();
    }
  }

  @Test
  void stagingNeverWritesOrReadsThroughALinkOutOfItsDirectoryNorReplacesTheConfig() throws Exception {
    Path outside = Files.writeString(directory.resolve("outside.txt"), "untouched\n");
    Path config = file("links.cfg", config(port, "ok"));
    // A link in --files-dir to a file elsewhere: its content would go to the load balancer.
    Path linkedIn = Files.createDirectories(directory.resolve("linked-in").resolve("General"));
    Files.createSymbolicLink(linkedIn.resolve("secret.txt"), outside);
    // A link already in the storage directory, named as a staged file: writing would follow it.
    Path maps = Files.createDirectories(directory.resolve("linked-maps"));
    Files.createSymbolicLink(maps.resolve("routes.map"), outside);
    Path mapFiles = routesMapFiles("map-files");
    // A file named as the config, staged into the config's own directory.
    Path general = Files.createDirectories(directory.resolve("general-files").resolve("General"));
    Files.writeString(general.resolve("links.cfg"), "not a config\n");

    Commands.Result readOut = OperatorJar.run("validate", config.toString(), "--offline", "--files-dir",
        linkedIn.getParent().toString(), "--storage", "General=" + Files.createDirectories(directory.resolve("unused")));
    Commands.Result writeOut = OperatorJar.run("validate", config.toString(), "--offline", "--files-dir",
        mapFiles.toString(), "--storage", "Map=" + maps, "--output", "json");
    Commands.Result replaceConfig = OperatorJar.run("validate", config.toString(), "--offline", "--files-dir",
        general.getParent().toString(), "--storage", "General=" + directory, "--output", "json");

    assertThat(readOut.exitCode()).as(readOut.output() + readOut.stderr()).isEqualTo(2);
    assertThat(readOut.stderr()).contains("is a link to a file outside");
    assertThat(writeOut.exitCode()).as(writeOut.output()).isEqualTo(1);
    assertThat(JSON.readTree(writeOut.output()).get("message").asText()).contains("is a link that leads out of");
    assertThat(replaceConfig.exitCode()).as(replaceConfig.output()).isEqualTo(1);
    assertThat(JSON.readTree(replaceConfig.output()).get("message").asText()).contains("is one of HAProxy's own");
    assertThat(Files.readString(outside)).isEqualTo("untouched\n");
    assertThat(Files.readString(config)).isEqualTo(config(port, "ok"));
  }

  @Test
  void offlineValidationRefusesAConfigThatWouldNotStart() throws Exception {
    Commands.Result result = OperatorJar.run("validate",
        file("no-listener.cfg", GLOBAL_AND_DEFAULTS + "backend b\n    server s 127.0.0.1:9\n").toString(), "--offline");

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).startsWith("invalid: ").contains("no listener");
  }

  @Test
  void aConfigThatIsNotUtf8IsValidatedAndAppliedByteForByte() throws Exception {
    // A Latin-1 comment, as in old files: HAProxy reads bytes, and so must we.
    byte[] latin1 = (config(port, "latin-1") + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(directory.resolve("latin1.cfg"), latin1);

    Commands.Result offline = OperatorJar.run("validate", file.toString(), "--offline", "--output", "json");
    Commands.Result applied = run("apply", file, "--output", "json");

    assertThat(offline.exitCode()).as(offline.output()).isZero();
    assertThat(JSON.readTree(offline.output()).get("hash").asText()).isEqualTo(ConfigHash.of(latin1));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(colocated().configFile()).isEqualTo(latin1);
    assertThat(rig.get(port, "/")).isEqualTo("latin-1");
  }

  @Test
  void applyWhoseReloadFailsExitsOneAndLeavesTheFileAsItWas() throws Exception {
    assertThat(run("apply", file("v1.cfg", config(port, "v1"))).exitCode()).isZero();
    byte[] before = colocated().configFile();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path clash = file("clash.cfg", config(port, "v2") + "frontend clash\n    bind 127.0.0.1:" + taken.getLocalPort() + "\n");
      Commands.Result result = run("apply", clash, "--output", "json");

      assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
      JsonNode json = JSON.readTree(result.output());
      assertThat(json.get("result").asText()).isEqualTo("reload-failed");
      assertThat(json.get("message").asText()).contains("cannot bind socket");
    }
    assertThat(colocated().configFile()).isEqualTo(before);
    assertThat(rig.get(port, "/")).isEqualTo("v1");
  }

  @Test
  void aMissingMasterSocketExitsThreeAndSaysWhere() throws Exception {
    Path ok = file("ok.cfg", config(port, "ok"));
    Commands.Result result = OperatorJar.run("apply", ok.toString(),
        "--master-socket", directory.resolve("no.sock").toString(),
        "--haproxy-config", colocated().runDir().resolve("haproxy.cfg").toString(), "--output", "json");

    assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
    JsonNode json = JSON.readTree(result.output());
    assertThat(json.get("result").asText()).isEqualTo("unreachable");
    assertThat(json.get("message").asText()).contains(directory.resolve("no.sock").toString()).contains("is HAProxy running?");
  }

  @Test
  void aSocketThatIsNotAMasterCliExitsThreeWithWhatItAnswered() throws Exception {
    // A real HAProxy socket, but a worker's stats socket: it answers, just not as a master does.
    Path stats = directory.resolve("stats.sock");
    Path config = file("stats.cfg", OperatorTestSupport.GLOBAL_AND_DEFAULTS.replace("global\n",
        "global\n    stats socket " + stats + " level admin\n") + "frontend fe\n    bind 127.0.0.1:"
        + DataplaneRig.freePort() + "\n");
    Process worker = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("stats-haproxy.log").toFile()).start();
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(stats));
      Path running = file("running.cfg", config(port, "running"));
      Commands.Result result = OperatorJar.run("apply", file("new.cfg", config(port, "never")).toString(),
          "--master-socket", stats.toString(), "--haproxy-config", running.toString(), "--output", "json");

      assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
      JsonNode json = JSON.readTree(result.output());
      assertThat(json.get("result").asText()).isEqualTo("unexpected-response");
      assertThat(json.get("message").asText()).contains(stats.toString()).contains("not an HAProxy master CLI");
      assertThat(Files.readString(running)).as("the config file it names").isEqualTo(config(port, "running"));
    } finally {
      worker.destroy();
    }
  }

  @Test
  void aConfigThatKillsHAProxyAtStartIsNeverAppliedAndThePreviousFileIsBack() throws Exception {
    // A chroot to a missing directory passes haproxy -c and kills the new worker at start. HAProxy
    // 2.6's master then exits too, or stays without a worker (which one depends on how fast the old
    // worker leaves): unreachable with the reason, or a failed reload after which the previous
    // config was reloaded and serves again.
    String good = config(port, "good");
    try (ColocatedRig started = ColocatedRig.start("short-lived", file("good.cfg", good))) {
      Path fatal = file("fatal.cfg", good.replace("global\n", "global\n    chroot /nonexistent-haproxy-operator-test\n"));
      List<String> args = new ArrayList<>(List.of("apply", fatal.toString(), "--output", "json"));
      args.addAll(started.cliFlags());
      Commands.Result result = OperatorJar.run(args.toArray(String[]::new));

      JsonNode json = JSON.readTree(result.output());
      assertThat(json.get("message").asText()).contains("Cannot chroot").contains("previous config file is back");
      assertThat(started.configFile()).isEqualTo(good.getBytes(StandardCharsets.UTF_8));
      if (json.get("result").asText().equals("unreachable")) {
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(json.get("message").asText()).contains("exited during the reload");
      } else {
        assertThat(json.get("result").asText()).isEqualTo("reload-failed");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(json.get("message").asText()).contains("new worker exited at start").contains("runs again");
        assertThat(started.get(port, "/")).isEqualTo("good");
      }
    }
  }

  @Test
  void aMasterSocketAndADataplaneUrlTogetherAreAUsageError() throws Exception {
    Commands.Result result = run("apply", file("ok.cfg", config(port, "ok")), "--dataplane-url",
        "https://lb:5555/v3");

    assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
    assertThat(result.stderr()).contains("--master-socket and --dataplane-url").contains("give one");
  }

  @Test
  void applyWaitsWhileAnotherProcessHoldsTheApplyLock() throws Exception {
    // Another process (another operator replica, a colleague's apply) holds the advisory lock.
    Path lockFile = colocated().runDir().resolve(".haproxy-operator-haproxy.cfg.lock");
    Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
        + "f = open(sys.argv[1], 'a')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(2)\n"
        + "released = int(time.time() * 1000)\nfcntl.lockf(f, fcntl.LOCK_UN)\nprint(released, flush=True)\n",
        lockFile.toString()).redirectErrorStream(true).start();
    try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("held");

      Commands.Result result = run("apply", file("waited.cfg", config(port, "after-the-lock")));
      long returned = System.currentTimeMillis();

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(returned).as("apply returned only after the other process let go").isGreaterThan(
          Long.parseLong(out.readLine().trim()));
      assertThat(rig.get(port, "/")).isEqualTo("after-the-lock");
    } finally {
      holder.destroy();
    }
  }

  @Test
  void applyProcessesRacingOnOneHAProxyTakeTurns() throws Exception {
    long before = rig.applies();
    int failedBefore = colocated().processes().failedReloads();
    List<CompletableFuture<Commands.Result>> racing = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path file = file("racer-" + i + ".cfg", config(port, "racer-" + i));
      racing.add(CompletableFuture.supplyAsync(() -> run("apply", file)));
    }
    for (CompletableFuture<Commands.Result> result : racing) {
      assertThat(result.get().exitCode()).as(result.get().output()).isZero();
    }
    assertThat(rig.applies()).isEqualTo(before + 3);
    assertThat(colocated().processes().failedReloads()).isEqualTo(failedBefore);
    // The last writer's file is what HAProxy serves.
    String onDisk = new String(colocated().configFile(), StandardCharsets.UTF_8);
    String served = rig.get(port, "/");
    assertThat(served).startsWith("racer-");
    assertThat(onDisk).contains("string \"" + served + "\"");
  }
}
