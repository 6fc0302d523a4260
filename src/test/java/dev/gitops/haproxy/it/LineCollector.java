package dev.gitops.haproxy.it;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A PrintStream whose complete lines the test can read while the code under test writes. */
final class LineCollector extends OutputStream {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final StringBuilder current = new StringBuilder();

  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(current.toString());
      System.out.println("[local mode] " + current);
      current.setLength(0);
    } else {
      current.append((char) b);
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  long count(String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).count();
  }
}
