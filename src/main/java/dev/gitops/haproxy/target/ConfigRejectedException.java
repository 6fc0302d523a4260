package dev.gitops.haproxy.target;

import dev.gitops.haproxy.model.ValidationError;
import java.util.List;

/** HAProxy refused the config when it checked it (through the Data Plane API, or haproxy -c). */
public final class ConfigRejectedException extends TargetException {

  private final List<ValidationError> errors;

  public ConfigRejectedException(String message, List<ValidationError> errors) {
    super(message, null);
    this.errors = List.copyOf(errors);
  }

  /** HAProxy's own error lines, with line numbers where HAProxy gave them. */
  public List<ValidationError> errors() {
    return errors;
  }

  @Override
  public Failure failure() {
    return Failure.REJECTED;
  }
}
