package dev.gitops.haproxy.it;

/** spec.files through the Data Plane API's storage endpoints. */
class FilesDataplaneIT extends FilesScenarios implements RigFactory.OnDataplaneApi {
}
