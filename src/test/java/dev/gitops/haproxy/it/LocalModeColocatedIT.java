package dev.gitops.haproxy.it;

/** Local mode against a co-located HAProxy: a config reloader that validates before every reload. */
class LocalModeColocatedIT extends LocalModeScenarios implements RigFactory.OnColocated {
}
