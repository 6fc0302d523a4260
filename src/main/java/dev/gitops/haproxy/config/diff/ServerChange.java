package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.ConfigText;
import dev.gitops.haproxy.config.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A server added, removed, or declared differently; {@code before} and {@code after} are never both empty. */
public record ServerChange(String name, Optional<Server> before, Optional<Server> after) {

  public Change change() {
    return Change.of(before.isPresent(), after.isPresent());
  }

  public String label() {
    return ConfigText.printable(name);
  }

  /**
   * What differs for a changed server, readable: {@code address 10.0.0.1:80 -> 10.0.0.2:80},
   * {@code weight default -> 50}, {@code disabled}, {@code enabled}, and the other settings.
   */
  public List<String> details() {
    if (before.isEmpty() || after.isEmpty()) {
      return List.of();
    }
    Server old = before.get();
    Server now = after.get();
    List<String> details = new ArrayList<>();
    if (!old.keyword().equals(now.keyword())) {
      details.add(old.keyword() + " -> " + now.keyword());
    }
    if (!old.address().equals(now.address())) {
      details.add("address " + ConfigText.printable(old.address()) + " -> " + ConfigText.printable(now.address()));
    }
    if (!old.weight().equals(now.weight())) {
      details.add("weight " + weight(old) + " -> " + weight(now));
    }
    if (old.disabled() != now.disabled()) {
      details.add(now.disabled() ? "disabled" : "enabled");
    }
    if (!Objects.equals(old.settings(), now.settings())) {
      details.add("settings " + settings(old) + " -> " + settings(now));
    }
    return details;
  }

  private static String weight(Server server) {
    return server.weight().map(ConfigText::printable).orElse("default");
  }

  private static String settings(Server server) {
    return server.settings().isEmpty() ? "(none)" : ConfigText.printable(server.settings());
  }
}
