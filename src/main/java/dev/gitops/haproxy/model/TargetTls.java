package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** How the operator authenticates one target's Data Plane API server. */
@ValidationRule(value = "!(has(self.caSecretRef) && has(self.serverSpiffeID))",
    message = "a target's server is verified by serverSpiffeID or by caSecretRef, not both")
@JsonIgnoreProperties(ignoreUnknown = true)
public class TargetTls {

  /** A SPIFFE ID as the SPIFFE standard defines it: a trust domain and a path of segments. */
  static final String SPIFFE_ID = "^spiffe://[a-z0-9._-]+(/[A-Za-z0-9._-]+)*$";

  @JsonProperty("serverSpiffeID")
  @Pattern(SPIFFE_ID)
  @JsonPropertyDescription("SPIFFE ID the target's server must present, e.g. spiffe://example.org/haproxy/lb1; "
      + "needs the operator in SPIFFE mode (--spire-socket). Any other ID is refused.")
  private String serverSpiffeID;

  @JsonPropertyDescription("Secret (key ca.crt) with the CA bundle that signs this target's server certificate; "
      + "replaces the operator's --tls-ca for this target.")
  private LocalObjectReference caSecretRef;

  public TargetTls() {
  }

  public TargetTls(LocalObjectReference caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  public static TargetTls serverSpiffeID(String spiffeId) {
    TargetTls tls = new TargetTls();
    tls.setServerSpiffeID(spiffeId);
    return tls;
  }

  public String getServerSpiffeID() {
    return serverSpiffeID;
  }

  public void setServerSpiffeID(String serverSpiffeID) {
    this.serverSpiffeID = serverSpiffeID;
  }

  public LocalObjectReference getCaSecretRef() {
    return caSecretRef;
  }

  public void setCaSecretRef(LocalObjectReference caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetTls other && Objects.equals(serverSpiffeID, other.serverSpiffeID)
        && Objects.equals(caSecretRef, other.caSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serverSpiffeID, caSecretRef);
  }
}
