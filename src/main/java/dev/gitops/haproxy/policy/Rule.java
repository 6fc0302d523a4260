package dev.gitops.haproxy.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.gitops.haproxy.config.ConfigModel;
import java.util.List;

/**
 * One rule of a {@link Policy}. The {@code kind} field of a rule in the policy file names its type.
 * Every rule has an {@code id} (named in violations) and may have a {@code reason} (why, added to
 * each violation so that whoever reads the error knows what to do).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DenySection.class, name = "DenySection"),
    @JsonSubTypes.Type(value = DenyDirective.class, name = "DenyDirective"),
    @JsonSubTypes.Type(value = RequireDirective.class, name = "RequireDirective"),
    @JsonSubTypes.Type(value = MaxValue.class, name = "MaxValue")})
public sealed interface Rule permits DenySection, DenyDirective, RequireDirective, MaxValue {

  String id();

  String reason();

  /** Where {@code config} breaks this rule; empty when it does not. */
  List<Violation> check(ConfigModel config);

  /** "{what} …by policy rule 'id': reason", the wording every rule's violations share. */
  default Violation violation(int line, String what) {
    return new Violation(line, id(), what + " (policy rule '" + id() + "'" + (reason() == null ? ")"
        : ": " + reason() + ")"));
  }

  /** Checks the fields every rule about directives needs, for the policy file's errors. */
  static void requireIdAndDirective(String id, DirectivePattern directive, String kind, String example) {
    require(id != null && !id.isBlank(), id, "needs an id");
    require(directive != null, id, kind + " needs a directive (e.g. " + example + ")");
  }

  /** Checks what every rule needs, for the policy file's errors. */
  static void require(boolean condition, String id, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("rule " + (id == null ? "without an id" : "'" + id + "'") + ": " + problem);
    }
  }
}
