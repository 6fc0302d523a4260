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

  // "parsing [/tmp/x.cfg:14] : unknown keyword ..." and "[/tmp/x.cfg:14] : ..." (HAProxy 2.x).
  private static final Pattern LOCATED = Pattern.compile("\\[[^\\]\\s]*?:(\\d+)\\]\\s*:?\\s*(.+)$");
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
      ValidationError error = parseLine(line.trim());
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
    Matcher located = LOCATED.matcher(alert == null ? line : alert);
    if (located.find()) {
      return new ValidationError(Integer.valueOf(located.group(1)), clean(located.group(2)));
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

  private static String clean(String message) {
    String trimmed = message.trim();
    if (trimmed.endsWith(".")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.length() <= MAX_MESSAGE_LENGTH ? trimmed : trimmed.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }

  /** One line for a condition message: the first error, or the raw answer when nothing parsed. */
  public static String headline(List<ValidationError> errors, String rawOutput) {
    if (errors.isEmpty()) {
      return abbreviate(rawOutput);
    }
    String first = errors.get(0).toString();
    return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)";
  }

  /** {@code text} on one line, cut to a length a condition message can carry. */
  public static String abbreviate(String text) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 297) + "...";
  }

  /** ": first error" (or the output itself when it has no error line) for appending to a message. */
  public static String summary(String output) {
    if (output == null || output.isBlank()) {
      return "";
    }
    return ": " + headline(parse(output), output);
  }
}
