package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * One HAProxy load balancer: a remote one reached through its Data Plane API ({@code url}), or a
 * co-located one the operator's administrator declared ({@code colocated}), selected by name so
 * that a resource can never make the operator touch a path.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "has(self.url) != has(self.colocated)",
    message = "a target has exactly one of url (a remote Data Plane API) or colocated (a declared co-located HAProxy)")
@ValidationRule(value = "!has(self.colocated) || (!has(self.credentialsSecretRef) && !has(self.tls))",
    message = "a colocated target takes no credentialsSecretRef or tls: the operator reaches it through its master socket")
public class Target {

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the target, unique in the list (a DNS label); used in status and Events.")
  private String name;

  // No user:password@ part (credentials belong in credentialsSecretRef, never in a URL that is
  // shown in status and Events), and only what java.net.URI and HttpClient accept.
  // Bounded, so that the CEL rule keeping URLs unique in a resource stays within the API server's cost budget.
  @Size(max = 512)
  @ValidationRule(value = "isURL(self)", message = "must be a URL whose host is a name or an IP address")
  @ValidationRule(value = "!isURL(self) || url(self).getPort() == '' || int(url(self).getPort()) <= 65535",
      message = "the port must be at most 65535")
  @Pattern("^https?://([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?(/[-A-Za-z0-9._~/]*)?$")
  @JsonPropertyDescription("A remote target: base URL of its Data Plane API including the version path, e.g. "
      + "https://lb1.example.net:5555/v3. Exactly one of url and colocated.")
  private String url;

  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("A co-located target: the name of an HAProxy the operator's administrator declared "
      + "(its master socket, config file and directories are in the operator's configuration, never in the resource). "
      + "Exactly one of url and colocated.")
  private String colocated;

  @JsonPropertyDescription("Secret with the keys username and password for the Data Plane API's basic auth.")
  private LocalObjectReference credentialsSecretRef;

  @JsonPropertyDescription("How the target's server certificate is verified (https targets).")
  private TargetTls tls;

  public Target() {
  }

  public Target(String name, String url, LocalObjectReference credentialsSecretRef) {
    this.name = name;
    this.url = url;
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getColocated() {
    return colocated;
  }

  public void setColocated(String colocated) {
    this.colocated = colocated;
  }

  /** A co-located target selecting the declared HAProxy {@code declaredName}. */
  public static Target colocated(String name, String declaredName) {
    Target target = new Target();
    target.setName(name);
    target.setColocated(declaredName);
    return target;
  }

  /** A remote target reached over plain HTTP: no TLS, credentials in clear text. */
  @JsonIgnore
  public boolean isPlainHttp() {
    return url != null && url.regionMatches(true, 0, "http://", 0, 7);
  }

  public LocalObjectReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(LocalObjectReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public TargetTls getTls() {
    return tls;
  }

  public void setTls(TargetTls tls) {
    this.tls = tls;
  }

  /** The SPIFFE ID this target's server must present, if it names one. */
  public java.util.Optional<String> serverSpiffeId() {
    return java.util.Optional.ofNullable(tls).map(TargetTls::getServerSpiffeID);
  }

  /** The Secret holding this target's CA bundle, if it has its own. */
  public java.util.Optional<String> caSecretName() {
    return java.util.Optional.ofNullable(tls).map(TargetTls::getCaSecretRef).map(LocalObjectReference::getName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target other && Objects.equals(name, other.name) && Objects.equals(url, other.url)
        && Objects.equals(colocated, other.colocated) && Objects.equals(credentialsSecretRef, other.credentialsSecretRef)
        && Objects.equals(tls, other.tls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, url, colocated, credentialsSecretRef, tls);
  }
}
