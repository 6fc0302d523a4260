package dev.gitops.haproxy.target;

import dev.gitops.haproxy.model.ValidationError;
import java.util.List;

/** HAProxy refused the config when the Data Plane API checked it. Terminal: only a new config helps. */
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
  public boolean isTransient() {
    return false;
  }
}
