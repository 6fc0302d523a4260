package dev.gitops.haproxy.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import java.util.Optional;

/**
 * An haproxy.cfg held in a Secret, and the HAProxy load balancers that must run it.
 */
@Group(HAProxyConfig.GROUP)
@Version(HAProxyConfig.VERSION)
@ShortNames("hapcfg")
// The CRD generator orders printer columns by jsonPath, not by declaration. The paths below are
// chosen so that kubectl prints NAME, AGE, READY, STATUS, HASH, TARGETS (AGE second, as Flux does);
// READY and STATUS differ only in their quote style, which kubectl's JSONPath treats alike.
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Status", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type=='Ready')].message")
@AdditionalPrinterColumn(name = "Hash", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.shortAppliedHash")
@AdditionalPrinterColumn(name = "Targets", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.targetsInSync")
public class HAProxyConfig extends CustomResource<HAProxyConfigSpec, HAProxyConfigStatus> implements Namespaced {

  public static final String GROUP = "haproxy.gitops.dev";
  public static final String VERSION = "v1alpha1";
  /** Setting this annotation to a new value forces a reconcile: Flux's own, which {@code flux reconcile} sets. */
  public static final String FLUX_REQUESTED_AT_ANNOTATION = "reconcile.fluxcd.io/requestedAt";
  /** The same, under our own group. */
  public static final String REQUESTED_AT_ANNOTATION = GROUP + "/requestedAt";

  public HAProxyConfig() {
  }

  /** The last reconcile request: Flux's annotation if set, else ours. Not a property: never serialized. */
  public Optional<String> requestedAt() {
    Map<String, String> annotations = Optional.ofNullable(getMetadata().getAnnotations()).orElse(Map.of());
    return Optional.ofNullable(annotations.get(FLUX_REQUESTED_AT_ANNOTATION))
        .or(() -> Optional.ofNullable(annotations.get(REQUESTED_AT_ANNOTATION)));
  }

  public HAProxyConfig(String namespace, String name, HAProxyConfigSpec spec) {
    getMetadata().setNamespace(namespace);
    getMetadata().setName(name);
    setSpec(spec);
  }
}
