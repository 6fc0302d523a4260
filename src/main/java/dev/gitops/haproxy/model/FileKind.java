package dev.gitops.haproxy.model;

/** Where a file goes on the load balancer: one of the Data Plane API's storage areas. */
public enum FileKind {
  /** A PEM with certificate(s) and private key, for {@code bind … ssl crt}. */
  SSLCertificate,
  /** A map file, for {@code map(…)} converters and {@code http-request set-map}. */
  Map,
  /** Any other file: ACL patterns, errorfiles, Lua scripts, CA bundles. */
  General
}
