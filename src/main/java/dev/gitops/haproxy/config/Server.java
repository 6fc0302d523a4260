package dev.gitops.haproxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code server} or {@code server-template} line read for what a diff reports about it: its
 * address, weight and whether it starts disabled; everything else is its other settings, in order.
 *
 * @param name the server's name; for a template, the prefix of the names it makes
 * @param address the address as written ({@code 10.0.0.1:80}, {@code app.internal:8080}); for a
 *     template, its range and address ({@code 1-3 app.internal:8080})
 * @param weight the {@code weight} setting, empty for HAProxy's default
 */
public record Server(String keyword, String name, String address, Optional<String> weight, boolean disabled,
    List<String> settings, Directive directive) {

  public static final String SERVER = "server";
  public static final String TEMPLATE = "server-template";

  /** Whether {@code directive} declares a server, which a diff follows by name. */
  public static boolean declares(Directive directive) {
    return directive.words().size() >= 2
        && (directive.keyword().equals(SERVER) || directive.keyword().equals(TEMPLATE));
  }

  /** The server {@code directive} declares; see {@link #declares}. */
  public static Server of(Directive directive) {
    List<String> words = directive.words();
    int firstSetting = directive.keyword().equals(TEMPLATE) ? 4 : 3;
    String address = String.join(" ", words.subList(2, Math.min(firstSetting, words.size())));
    Optional<String> weight = Optional.empty();
    boolean disabled = false;
    List<String> settings = new ArrayList<>();
    for (int i = firstSetting; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals("weight") && i + 1 < words.size()) {
        weight = Optional.of(words.get(++i));
      } else if (word.equals("disabled")) {
        disabled = true;
      } else {
        settings.add(word);
      }
    }
    return new Server(directive.keyword(), words.get(1), address, weight, disabled, List.copyOf(settings), directive);
  }
}
