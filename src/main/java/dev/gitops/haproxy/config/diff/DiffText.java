package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.Directive;
import java.util.ArrayList;
import java.util.List;

/**
 * A diff for a terminal: one line per section, server and setting, with the lines of both files.
 * Line numbers of added and changed things are in the new file, of removed things in the old one.
 */
public final class DiffText {

  private DiffText() {
  }

  public static List<String> lines(ConfigDiff diff) {
    List<String> lines = new ArrayList<>();
    for (SectionDiff section : diff.sections()) {
      String where = section.change() == Change.REMOVED ? "was line " : "line ";
      lines.add(section.change().mark() + " " + section.label() + " (" + where + section.line() + ")");
      for (ServerChange server : section.servers()) {
        lines.add("    " + server(server));
      }
      section.directives().forEach(change -> setting(lines, change));
    }
    diff.outside().forEach(change -> setting(lines, change));
    return lines;
  }

  private static String server(ServerChange server) {
    String head = server.change().mark() + " server " + server.label();
    return switch (server.change()) {
      case ADDED -> head + " (line " + server.after().orElseThrow().directive().line() + "): "
          + Secrets.hidden(server.after().orElseThrow().directive());
      case REMOVED -> head + " (was line " + server.before().orElseThrow().directive().line() + ")";
      case CHANGED -> head + " (line " + server.after().orElseThrow().directive().line() + "): "
          + String.join(", ", server.details());
    };
  }

  private static void setting(List<String> lines, DirectiveChange change) {
    lines.add("    " + change.change().mark() + " " + change.label());
    for (Directive directive : change.before()) {
      lines.add("        - line " + directive.line() + ": " + Secrets.hidden(directive));
    }
    for (Directive directive : change.after()) {
      lines.add("        + line " + directive.line() + ": " + Secrets.hidden(directive));
    }
  }
}
