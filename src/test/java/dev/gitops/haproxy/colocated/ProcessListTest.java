package dev.gitops.haproxy.colocated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** show proc as HAProxy 2.6.12 prints it (recorded from the Debian package on our machines). */
class ProcessListTest {

  private static final String AFTER_START = """
      #<PID>          <type>          <reloads>       <uptime>        <version>      \s
      20406           master          0 [failed: 0]   0d00h00m01s     2.6.12-1+deb12u4
      # workers
      20419           worker          0               0d00h00m01s     2.6.12-1+deb12u4
      # programs

      """;

  private static final String AFTER_A_FAILED_RELOAD_WITH_AN_OLD_WORKER = """
      #<PID>          <type>          <reloads>       <uptime>        <version>      \s
      20406           master          12 [failed: 1]  0d00h00m39s     2.6.12-1+deb12u4
      # workers
      20734           worker          1               0d00h00m15s     2.6.12-1+deb12u4
      # old workers
      20500           worker          3               0d00h00m30s     2.6.12-1+deb12u4
      # programs

      """;

  @Test
  void readsTheMasterAndTheCurrentWorkersOnly() {
    ProcessList started = ProcessList.parse(AFTER_START).orElseThrow();
    ProcessList failed = ProcessList.parse(AFTER_A_FAILED_RELOAD_WITH_AN_OLD_WORKER).orElseThrow();

    assertThat(started).isEqualTo(new ProcessList(20406, 0, 0, java.util.List.of(20419L)));
    assertThat(failed.reloads()).isEqualTo(12);
    assertThat(failed.failedReloads()).isEqualTo(1);
    assertThat(failed.workers()).as("old workers are draining, not current").containsExactly(20734L);
  }

  @Test
  void aNewWorkerIsOneThatWasNotAWorkerBefore() {
    ProcessList before = new ProcessList(1, 0, 0, java.util.List.of(10L));
    ProcessList reloaded = new ProcessList(1, 1, 0, java.util.List.of(11L));
    ProcessList failed = new ProcessList(1, 1, 1, java.util.List.of(10L));

    assertThat(reloaded.newWorkerSince(before)).contains(11L);
    assertThat(failed.newWorkerSince(before)).isEmpty();
  }

  @Test
  void anythingElseIsNotAProcessList() {
    assertThat(ProcessList.parse("")).isEmpty();
    assertThat(ProcessList.parse("Unknown command: 'show proc'\n")).isEmpty();
    assertThat(ProcessList.parse("# workers\n4300 worker 0 0d00h00m04s 2.6\n")).isEmpty();
  }

  @Test
  void olderHAProxyWithoutAFailedCountReadsAsNoneFailed() {
    ProcessList parsed = ProcessList.parse("""
        #<PID>          <type>          <relative PID>  <reloads>       <uptime>        <version>
        4242            master          0               3               0d00h02m10s     2.4.22
        # workers
        4300            worker          1               0               0d00h00m04s     2.4.22
        """).orElseThrow();

    assertThat(parsed.reloads()).as("the reload count, not the relative PID before it").isEqualTo(3);
    assertThat(parsed.failedReloads()).isZero();
    assertThat(parsed.workers()).containsExactly(4300L);
  }
}
