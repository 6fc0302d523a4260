package dev.gitops.haproxy.it;

/** spec.files written into a co-located HAProxy's declared storage directories. */
class FilesColocatedIT extends FilesScenarios implements RigFactory.OnColocated {
}
