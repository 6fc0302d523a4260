package dev.gitops.haproxy.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A file the operator put on the load balancers. Never its content: certificates hold keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileStatus(
    @JsonPropertyDescription("File name on the load balancer.")
    String name,
    @JsonPropertyDescription("SSLCertificate, Map or General.")
    FileKind kind,
    @JsonPropertyDescription("sha256 of the file's content.")
    String hash,
    @JsonPropertyDescription("Full path of the file on the load balancer: what haproxy.cfg refers to.")
    String path,
    @JsonPropertyDescription("SSLCertificate: when the (first) certificate expires.")
    String notAfter,
    @JsonPropertyDescription("SSLCertificate: true when the certificate expires within 14 days.")
    Boolean expiresSoon) {

  /** Whether this is the file {@code name} of {@code kind}: files are known by both. */
  public boolean is(String fileName, FileKind fileKind) {
    return name.equals(fileName) && kind == fileKind;
  }

  /** This file as put on one target: name, kind, hash and path. */
  public FileStatus onTarget(String targetPath) {
    return new FileStatus(name, kind, hash, targetPath, null, null);
  }
}
