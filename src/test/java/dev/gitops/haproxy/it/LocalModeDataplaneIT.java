package dev.gitops.haproxy.it;

/** Local mode against HAProxy behind a real Data Plane API. */
class LocalModeDataplaneIT extends LocalModeScenarios implements RigFactory.OnDataplaneApi {
}
