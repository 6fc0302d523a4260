package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.model.ValidationError;

/**
 * A place where a config breaks a policy rule.
 *
 * @param line the line in haproxy.cfg, null when the config lacks something no line can show
 * @param rule the id of the rule
 * @param message what is wrong and why, as HAProxy words its errors (without the line)
 */
public record Violation(Integer line, String rule, String message) {

  /** As status.validation.errors and the one-shot commands report HAProxy's own errors. */
  public ValidationError toValidationError() {
    return new ValidationError(line, message);
  }

  @Override
  public String toString() {
    return line == null ? message : "line " + line + ": " + message;
  }
}
