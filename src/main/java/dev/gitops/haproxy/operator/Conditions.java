package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.target.Printable;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a condition list the way the Kubernetes API conventions ask: a condition's
 * {@code lastTransitionTime} moves only when its status changes, and every condition carries the
 * generation it describes.
 */
final class Conditions {

  static final String TRUE = "True";
  static final String FALSE = "False";
  static final String UNKNOWN = "Unknown";
  /** Keeps condition messages readable in kubectl; HAProxy's first error line fits. */
  static final int MAX_MESSAGE_LENGTH = 400;

  private final List<Condition> previous;
  private final long generation;
  private final String now;
  private final Map<String, Condition> next = new LinkedHashMap<>();

  Conditions(List<Condition> previous, long generation, Instant now) {
    this.previous = previous;
    this.generation = generation;
    this.now = now.toString();
  }

  Conditions set(String type, String status, Reason reason, String message) {
    return set(type, status, reason.name(), message);
  }

  Conditions set(String type, String status, String reason, String message) {
    String transition = find(type)
        .filter(old -> status.equals(old.getStatus()) && old.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .orElse(now);
    next.put(type, new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(abbreviate(message))
        .withLastTransitionTime(transition)
        .withObservedGeneration(generation)
        .build());
    return this;
  }

  /** Keeps the previous condition as it was, apart from the generation it now describes. */
  Conditions keep(String type) {
    find(type).ifPresent(old -> next.put(type, new ConditionBuilder(old).withObservedGeneration(generation).build()));
    return this;
  }

  Optional<Condition> find(String type) {
    return previous.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The conditions in their canonical order. */
  List<Condition> build() {
    List<Condition> result = new ArrayList<>();
    for (String type : ConditionTypes.ALL) {
      if (next.containsKey(type)) {
        result.add(next.get(type));
      }
    }
    return result;
  }

  /** {@code message} cut to the length a condition carries (in the middle: {@link Printable#shorten}). */
  static String abbreviate(String message) {
    return Printable.shorten(message, MAX_MESSAGE_LENGTH);
  }
}
