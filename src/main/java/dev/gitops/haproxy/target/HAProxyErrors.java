package dev.gitops.haproxy.target;

import dev.gitops.haproxy.model.ValidationError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what {@code haproxy -c} printed (directly, or as relayed by the Data Plane API) into error lines a
 * person can act on: the haproxy.cfg line number and HAProxy's message, without PIDs, temporary
 * file names or the summary lines that repeat that "errors were found".
 */
public final class HAProxyErrors {

  /** Enough to show what is wrong; status and Events must stay readable. */
  static final int MAX_ERRORS = 20;
  static final int MAX_MESSAGE_LENGTH = 240;

  // The location, wherever HAProxy puts it: "parsing [/tmp/x.cfg:14] : unknown keyword …",
  // "Proxy 'fe': no SSL certificate specified for bind ':443' at [/tmp/x.cfg:9] (use 'crt').".
  private static final Pattern LOCATED = Pattern.compile("\\[[^\\]\\s]*?:(\\d+)\\]");
  /** What only introduces a location: "parsing [f:3] : …", "… at [f:9] (…)". */
  private static final Pattern LEAD_IN = Pattern.compile("(?:^|\\s)(?:parsing|at)\\s*$");
  /** How much of a long message's end is kept: where HAProxy says what it got instead. */
  private static final int KEPT_TAIL = 100;
  // "[ALERT]    (4242) : config : Proxy 'fe': unable to find ..." -> "Proxy 'fe': unable to find ..."
  private static final Pattern ALERT = Pattern.compile("\\[ALERT\\]\\s*(?:\\(\\d+\\)\\s*)?:\\s*(?:config\\s*:\\s*)?(.+)$");
  // The Data Plane API (v3.2) relays each alert as: msg="config parsing [/tmp/x:10] unknown keyword ..."
  private static final Pattern RELAYED = Pattern.compile("msg=\"(?:config\\s*:?\\s*)?(.*?)\"?\\s*$");
  private static final List<String> SUMMARY_LINES = List.of(
      "error(s) found in configuration file",
      "fatal errors found in configuration",
      "errors found in configuration file",
      "configuration file has no error");

  private HAProxyErrors() {
  }

  public static List<ValidationError> parse(String output) {
    if (output == null || output.isBlank()) {
      return List.of();
    }
    Set<ValidationError> errors = new LinkedHashSet<>();
    // The Data Plane API sometimes relays the output with escaped newlines.
    for (String line : output.replace("\\n", "\n").split("\\R")) {
      ValidationError error = parseLine(Printable.escapeControls(line.trim(), false));
      if (error != null) {
        errors.add(error);
      }
      if (errors.size() == MAX_ERRORS) {
        break;
      }
    }
    return new ArrayList<>(errors);
  }

  private static ValidationError parseLine(String line) {
    if (line.isEmpty() || line.contains("[WARNING]") || line.contains("[NOTICE]")) {
      return null;
    }
    String alert = alertText(line);
    String text = alert == null ? line : alert;
    Matcher located = LOCATED.matcher(text);
    if (located.find()) {
      return new ValidationError(Integer.valueOf(located.group(1)), clean(around(text, located)));
    }
    if (alert == null) {
      return null;
    }
    String message = clean(alert);
    String lower = message.toLowerCase();
    return SUMMARY_LINES.stream().anyMatch(lower::startsWith) ? null : new ValidationError(null, message);
  }

  /** The alert's text without its prefixes, or null when the line is not an alert. */
  private static String alertText(String line) {
    Matcher relayed = RELAYED.matcher(line);
    if (relayed.find()) {
      return relayed.group(1);
    }
    Matcher alert = ALERT.matcher(line);
    return alert.find() ? alert.group(1) : null;
  }

  /** The message with its location taken out: the words before it (but a lead-in) and after it. */
  private static String around(String text, Matcher location) {
    String before = LEAD_IN.matcher(text.substring(0, location.start())).replaceFirst("").trim();
    String after = text.substring(location.end()).trim();
    if (after.startsWith(":")) {
      after = after.substring(1).trim();
    }
    if (before.endsWith(":")) {
      before = before.substring(0, before.length() - 1).trim();
    }
    return before.isEmpty() ? after : after.isEmpty() ? before : before + " " + after;
  }

  /**
   * Without the final period, and cut in the middle when long: the start says where, the end says
   * what HAProxy got instead ("… but got 'set-headers'"), the middle is a list of what it expected.
   */
  private static String clean(String message) {
    String trimmed = message.trim();
    if (trimmed.endsWith(".")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.length() <= MAX_MESSAGE_LENGTH) {
      return trimmed;
    }
    int head = MAX_MESSAGE_LENGTH - KEPT_TAIL - 5;
    return trimmed.substring(0, head).trim() + " ... " + trimmed.substring(trimmed.length() - KEPT_TAIL).trim();
  }

  /** One line for a condition message: the first error, or the raw answer when nothing parsed. */
  public static String headline(List<ValidationError> errors, String rawOutput) {
    if (errors.isEmpty()) {
      return abbreviate(rawOutput);
    }
    String first = errors.get(0).toString();
    return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)";
  }

  /** {@code text} on one line, shortened to what a message may quote of an answer. */
  public static String abbreviate(String text) {
    String oneLine = text == null ? "" : Printable.escapeControls(text.replaceAll("\\s+", " ").trim(), false);
    return Printable.shorten(oneLine, 300);
  }

  /** ": first error" (or the output itself when it has no error line) for appending to a message. */
  public static String summary(String output) {
    if (output == null || output.isBlank()) {
      return "";
    }
    return ": " + headline(parse(output), output);
  }
}
