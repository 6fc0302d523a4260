#!/usr/bin/env bash
# The GitOps path end to end on a kind cluster, with Flux installed in it and HAProxy with its Data
# Plane API as Deployments: the scenarios of FluxGitOpsIT (which runs them on this machine against
# processes), here through the chart and the image the build produced. It needs a container engine,
# which our development machines lack: .github/workflows/e2e-kind.yaml runs it on GitHub's runners.
#
#   dev/kind/e2e.sh run                 the whole test, on the current kubectl context (a kind
#                                       cluster named by KIND_CLUSTER, default e2e), with the image
#                                       in target/jib-image.tar (haproxy-operator:e2e)
#   dev/kind/e2e.sh render DIR ENV=TEXT...   writes the config repository (what the test pushes as
#                                       the OCI artifact) to DIR, each environment answering TEXT;
#                                       the local suite builds and dry-runs it (KindManifestsIT)
#
# Needs on PATH for run: kind, kubectl, helm, flux, docker, curl.
set -euo pipefail
# A failure inside $(...) fails the command that uses it, as it does outside.
shopt -s inherit_errexit
KIND_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$KIND_DIR/../.." && pwd)
ENVIRONMENTS=(dev stable)

log() { printf '[e2e] %s\n' "$*" >&2; }
die() { printf '[e2e] FAILED: %s\n' "$*" >&2; exit 1; }

# render DIR ENV=TEXT...: one directory per environment, as in samples/flux/haproxy-config: the
# HAProxyConfig, the haproxy.cfg that kustomize turns into a content-hashed Secret, and the name
# reference that points the HAProxyConfig at that Secret. An ENV given "!TEXT" gets a config
# HAProxy refuses.
render() {
  local dir=$1; shift
  local pair name text
  for pair in "$@"; do
    name=${pair%%=*} text=${pair#*=}
    mkdir -p "$dir/environments/$name"
    cp "$ROOT/samples/flux/haproxy-config/kustomizeconfig.yaml" "$dir/environments/$name/"
    cat > "$dir/environments/$name/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: e2e-$name
resources:
  - haproxyconfig.yaml
configurations:
  - kustomizeconfig.yaml
secretGenerator:
  - name: haproxy-config
    files:
      - haproxy.cfg
    options:
      labels:
        haproxy.gitops.dev/input: "true"
YAML
    cat > "$dir/environments/$name/haproxyconfig.yaml" <<YAML
apiVersion: haproxy.gitops.dev/v1alpha1
kind: HAProxyConfig
metadata:
  name: edge
spec:
  configFrom:
    secretRef:
      name: haproxy-config
  targets:
    - name: lb
      url: http://lb.e2e-$name.svc:5555/v3
      credentialsSecretRef:
        name: dataplane-credentials
YAML
    {
      sed -n '/^global/,/^frontend/p' "$KIND_DIR/loadbalancer/haproxy.cfg" | sed '$d'
      printf 'frontend web\n    bind :8080\n    http-request return status 200 content-type text/plain string "%s"\n' "${text#!}"
      [ "${text:0:1}" != "!" ] || printf '    bogus directive\n'
    } > "$dir/environments/$name/haproxy.cfg"
  done
}

# publish DIR MESSAGE: what a merge to the config repository does here: push the artifact, ask
# source-controller to fetch it now (as a webhook Receiver would), and set REVISION to the revision
# source-controller now has.
publish() {
  local dir=$1 message=$2 revision
  revision="main@sha1:$(printf '%s' "$message" | sha1sum | cut -d' ' -f1)"
  flux push artifact "oci://127.0.0.1:5001/haproxy-config:latest" --path="$dir" --insecure-registry \
    --source="https://github.com/haproxy-operator/haproxy-operator" --revision="$revision" >&2
  flux reconcile source oci haproxy-config -n flux-system >&2
  revision=$(kubectl -n flux-system get ocirepository haproxy-config -o jsonpath='{.status.artifact.revision}')
  # Each publish changes the content, so an unchanged revision means the push did not arrive.
  if [ -z "$revision" ] || [ "$revision" = "${REVISION:-}" ]; then
    die "source-controller did not fetch the pushed artifact"
  fi
  REVISION=$revision
}

# await_ready ENV REVISION: the environment's Kustomization is Ready at REVISION.
await_ready() {
  local name=$1 revision=$2 deadline=$((SECONDS + 180))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(kubectl -n flux-system get kustomization "haproxy-$name" \
          -o jsonpath='{.status.lastAppliedRevision} {.status.conditions[?(@.type=="Ready")].status}')" \
        = "$revision True" ]; then
      return 0
    fi
    sleep 0.2
  done
  kubectl -n flux-system get kustomization "haproxy-$name" -o yaml >&2
  die "haproxy-$name did not become Ready at $revision"
}

# converged ENV TEXT: the environment's Kustomization is Ready at the last published revision and
# its HAProxy answers TEXT.
converged() {
  await_ready "$1" "$REVISION"
  expect_served "$1" "$2"
}

# served ENV: what the environment's HAProxy answers, through the port-forward run() opened to it.
served() {
  local port
  case "$1" in dev) port=18081 ;; stable) port=18082 ;; esac
  curl -sS --max-time 5 "http://127.0.0.1:$port/" || true
}

expect_served() {
  local name=$1 expected=$2 actual
  actual=$(served "$name")
  [ "$actual" = "$expected" ] || die "e2e-$name served '$actual', expected '$expected'"
  log "e2e-$name serves '$actual'"
}

run() {
  local cluster=${KIND_CLUSTER:-e2e} work
  work=$(mktemp -d)
  log "loading the image into kind and installing Flux"
  kind load image-archive "$ROOT/target/jib-image.tar" --name "$cluster"
  flux install --components=source-controller,kustomize-controller
  docker run -d --restart=always --name kind-registry --network kind -p 127.0.0.1:5001:5000 registry:2 >/dev/null
  local registry
  registry="$(docker inspect -f '{{.NetworkSettings.Networks.kind.IPAddress}}' kind-registry):5000"

  log "installing the chart and one HAProxy with its Data Plane API per environment"
  # The chart's Roles go into the watched namespaces, which must exist first.
  for name in "${ENVIRONMENTS[@]}"; do kubectl create namespace "e2e-$name"; done
  kubectl apply --server-side -f "$ROOT/crds/"
  helm install haproxy-operator "$ROOT/charts/haproxy-operator" --namespace haproxy-operator --create-namespace \
    --values "$KIND_DIR/values.yaml" --wait --timeout 5m
  for name in "${ENVIRONMENTS[@]}"; do
    kubectl -n "e2e-$name" create secret generic dataplane-credentials --from-literal=username=admin \
      --from-literal=password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    kubectl -n "e2e-$name" label secret dataplane-credentials haproxy.gitops.dev/input=true
    kubectl -n "e2e-$name" apply -k "$KIND_DIR/loadbalancer"
    kubectl -n "e2e-$name" rollout status deploy/lb --timeout=5m
  done
  kubectl -n e2e-dev port-forward svc/lb 18081:8080 >/dev/null 2>&1 &
  kubectl -n e2e-stable port-forward svc/lb 18082:8080 >/dev/null 2>&1 &
  trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

  log "1. a change reaches each load balancer through Flux"
  # The OCIRepository first: publish asks source-controller to fetch it at once.
  sed "s|REGISTRY|$registry|" "$KIND_DIR/flux.yaml" | kubectl apply -f -
  render "$work/v1" dev="dev v1" stable="stable v1"
  publish "$work/v1" "v1"
  converged dev "dev v1"
  converged stable "stable v1"

  log "2. the health check passes only once HAProxy serves the new config; stable does not move"
  render "$work/v2" dev="dev v2" stable="stable v1"
  local started=$SECONDS
  publish "$work/v2" "v2"
  converged dev "dev v2"
  log "publish -> haproxy-dev Ready: $((SECONDS - started)) s"
  converged stable "stable v1"

  log "3. a config HAProxy refuses fails the health check; the previous config keeps serving"
  render "$work/v3" dev="!dev v3" stable="stable v1"
  publish "$work/v3" "v3"
  local deadline=$((SECONDS + 180)) message=""
  while [ $SECONDS -lt $deadline ]; do
    message=$(kubectl -n flux-system get kustomization haproxy-dev \
      -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}: {.status.conditions[?(@.type=="Ready")].message}')
    case "$message" in HealthCheckFailed:*HAProxyConfig/e2e-dev/edge*) break ;; esac
    sleep 1
  done
  case "$message" in
    HealthCheckFailed:*HAProxyConfig/e2e-dev/edge*) log "haproxy-dev: $message" ;;
    *) die "haproxy-dev did not fail its health check on HAProxyConfig/e2e-dev/edge: $message" ;;
  esac
  kubectl -n e2e-dev get hapcfg edge \
    -o jsonpath='{.status.conditions[?(@.type=="Stalled")].reason}' | grep -qx ValidationFailed \
    || die "the HAProxyConfig in e2e-dev is not Stalled with ValidationFailed"
  expect_served dev "dev v2"

  log "4. promoted to stable, stable moves"
  render "$work/v4" dev="dev v2" stable="stable v2"
  publish "$work/v4" "v4"
  converged stable "stable v2"
  converged dev "dev v2"
  log "all scenarios passed"
}

case "${1:-}" in
  render) shift; [ $# -ge 2 ] || { sed -n '2,16p' "$0" >&2; exit 2; }; render "$@" ;;
  run) run ;;
  *) sed -n '2,16p' "$0" >&2; exit 2 ;;
esac
