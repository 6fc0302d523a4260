package dev.gitops.haproxy.operator;

import dev.gitops.haproxy.model.HAProxyConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The label by which a Secret or ConfigMap opts in to being read by the operator. Without it, a
 * resource could name any Secret of its namespace (a Helm release, another team's credentials)
 * and have its content uploaded as a file or its password sent to a target; and the operator's
 * informers would cache every Secret of the watched namespaces. With it, they cache only these.
 */
public final class InputLabel {

  public static final String KEY = HAProxyConfig.GROUP + "/input";
  public static final String VALUE = "true";
  /** The label selector of the Secret and ConfigMap informers. */
  public static final String SELECTOR = KEY + "=" + VALUE;

  private InputLabel() {
  }

  static boolean isOn(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && VALUE.equals(labels.get(KEY));
  }

  /** Why {@code where} (a Secret or ConfigMap, as a message names it) is not read. */
  static String missingOn(String where) {
    return where + " is not labeled " + SELECTOR + ", which it needs for the operator to read it";
  }
}
