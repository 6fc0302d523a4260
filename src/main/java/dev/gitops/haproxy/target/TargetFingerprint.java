package dev.gitops.haproxy.target;

/**
 * What a target reports about the configuration it stores; {@code checksum} is null for a file
 * the Data Plane API did not write. The Data Plane API rewrites the file it
 * is given, so the fingerprint, not the bytes sent, is what identifies an applied config later.
 */
public record TargetFingerprint(long version, String checksum) {
}
