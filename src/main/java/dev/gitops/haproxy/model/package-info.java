/**
 * The HAProxyConfig resource as Java classes: its spec, its status, and the types they are made
 * of. The CRD in {@code crds/} is generated from these classes and never edited by hand.
 *
 * <p>Every class of the spec and the status is annotated {@code @JsonIgnoreProperties(ignoreUnknown = true)}: a field it
 * does not know is ignored, so that an older operator still reads what a newer CRD version wrote
 * (during an upgrade, or a rollback of the operator), rather than failing on the whole resource.
 */
package dev.gitops.haproxy.model;
