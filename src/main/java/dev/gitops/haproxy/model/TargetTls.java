package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** How the operator authenticates one target's Data Plane API server. */
// Unknown fields are ignored, so an older operator can still read what a newer CRD version wrote.
@JsonIgnoreProperties(ignoreUnknown = true)
public class TargetTls {

  @JsonPropertyDescription("Secret (key ca.crt) with the CA bundle that signs this target's server certificate; "
      + "replaces the operator's --tls-ca for this target.")
  private LocalObjectReference caSecretRef;

  public TargetTls() {
  }

  public TargetTls(LocalObjectReference caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  public LocalObjectReference getCaSecretRef() {
    return caSecretRef;
  }

  public void setCaSecretRef(LocalObjectReference caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetTls other && Objects.equals(caSecretRef, other.caSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(caSecretRef);
  }
}
