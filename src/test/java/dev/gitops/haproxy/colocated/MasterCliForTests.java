package dev.gitops.haproxy.colocated;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's own client of the master CLI, for the test rigs and the benchmarks outside this
 * package: one client of the master socket, whose deadline and framing the tests rely on too.
 */
public final class MasterCliForTests {

  private MasterCliForTests() {
  }

  /**
   * What {@code show proc} says now; empty when the master answered with something else (nothing,
   * while it re-executes for a reload).
   *
   * @throws IOException when the socket cannot be reached (also while the master re-executes)
   */
  public static Optional<ProcessList> showProc(Path masterSocket, Duration timeout) throws IOException {
    return ProcessList.parse(new MasterCli(masterSocket, timeout).send("show proc"));
  }
}
