package dev.gitops.haproxy.bench;

import java.util.Arrays;

/**
 * The entry point of dev/bench.sh: runs one benchmark by name, and exits when it is done, 1 when it
 * failed (the clients and informers it started would otherwise keep the JVM running).
 */
public final class Benchmarks {

  /** The benchmarks, as dev/bench.sh names them. */
  enum Benchmark {
    CHANGE_TO_LIVE("change-to-live"), SCALE("scale"), HITLESS("hitless"), START_UP("start-up"),
    SECRET_CACHE("secret-cache"), DASHBOARD("dashboard");

    private final String command;

    Benchmark(String command) {
      this.command = command;
    }

    static Benchmark named(String command) {
      return Arrays.stream(values()).filter(b -> b.command.equals(command)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no benchmark " + command));
    }
  }

  private Benchmarks() {
  }

  public static void main(String[] args) {
    try {
      String[] rest = Arrays.copyOfRange(args, 1, args.length);
      switch (Benchmark.named(args[0])) {
        case CHANGE_TO_LIVE -> ChangeToLive.run(rest);
        case SCALE -> Scale.run(rest);
        case HITLESS -> HitlessReloads.run(rest);
        case START_UP -> StartUp.run(rest);
        case SECRET_CACHE -> SecretCacheHeap.run(rest);
        case DASHBOARD -> DashboardRun.run(rest);
      }
    } catch (Throwable failure) {
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
