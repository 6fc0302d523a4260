package dev.gitops.haproxy.local;

import dev.gitops.haproxy.model.ValidationError;
import dev.gitops.haproxy.pipeline.ConfigHash;
import dev.gitops.haproxy.pipeline.TargetResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Writes each local-mode outcome as one line a developer can read at a glance (plus HAProxy's error lines). */
public final class OutcomeReporter {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream out;
  private final String target;

  public OutcomeReporter(PrintStream out, String target) {
    this.out = out;
    this.target = target;
  }

  /** One outcome for the config with hash {@code desiredHash}; {@code retryIn} for transient failures. */
  public void report(String desiredHash, TargetResult result, Duration retryIn) {
    String hash = ConfigHash.shortForm(desiredHash);
    switch (result.outcome()) {
      case APPLIED -> line("accepted and applied " + hash + " to " + target + ": configuration version "
          + result.fingerprint().version() + (result.reloadId() == null ? "" : ", reload " + result.reloadId())
          + ", live after " + result.reloadTime().toMillis() + " ms");
      case IN_SYNC -> line("unchanged: " + target + " already runs " + hash);
      case REJECTED -> {
        line("rejected " + hash + ": HAProxy refused the config (" + result.errors().size() + " error"
            + (result.errors().size() == 1 ? "" : "s") + "); " + target + " keeps running what it ran");
        for (ValidationError error : result.errors()) {
          out.println("    " + error);
        }
      }
      case UNREACHABLE, AUTH_FAILED, UNEXPECTED_RESPONSE, VERSION_CONFLICT, RELOAD_FAILED ->
          line(label(result.outcome()) + ": " + result.message() + " (retrying in " + retryIn.toSeconds() + "s)");
      case FILE_REJECTED ->
          line("rejected " + hash + ": " + result.message() + "; " + target + " keeps running what it ran");
      case NOT_ATTEMPTED, REJECTED_ELSEWHERE, VALIDATED, DEFERRED -> line("not applied: " + result.message());
    }
  }

  public void waiting(Path file) {
    line("waiting for " + file + ": it does not exist (yet); nothing is applied while it is missing");
  }

  public void unreadable(Path file, String reason) {
    line("cannot read " + file + ": " + reason);
  }

  public void empty(Path file) {
    line("ignored: " + file + " is empty; an empty haproxy.cfg is never applied");
  }

  private static String label(TargetResult.Outcome outcome) {
    return switch (outcome) {
      case UNREACHABLE -> "target unreachable";
      case AUTH_FAILED -> "authentication failed";
      case RELOAD_FAILED -> "reload failed";
      case ROLLED_BACK, HELD_BACK -> "reload failed, rolled back";
      case DRIFTED -> "drifted";
      case TARGET_CONFLICT -> "claimed by another";
      case VERSION_CONFLICT -> "version conflict";
      case UNEXPECTED_RESPONSE -> "unexpected answer";
      case IN_SYNC, APPLIED, VALIDATED, REJECTED, FILE_REJECTED, NOT_ATTEMPTED, REJECTED_ELSEWHERE, DEFERRED ->
          outcome.name();
    };
  }

  private void line(String text) {
    out.println(LocalTime.now().format(TIME) + " " + text);
    out.flush();
  }
}
