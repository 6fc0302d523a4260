#!/usr/bin/env bash
# The demo on one machine, with real components and nothing else:
#   a Kubernetes API server (etcd + kube-apiserver), HAProxy, a sample backend, the operator
#   (k8s mode), and the sample HAProxyConfig + Secret from samples/.
# It prints `kubectl get hapcfg` and a request through HAProxy, then keeps running until Ctrl-C,
# which stops everything it started. DEMO_EXIT_AFTER_START=1 stops right after the check (CI).
#
# DEMO_TARGET=colocated (default): the operator drives HAProxy directly (master socket and
#   haproxy -c), as declared in RUN_DIR/lb1/colocated.yaml; samples/haproxyconfig.yaml selects it.
# DEMO_TARGET=dataplane: HAProxy behind the Data Plane API on :5555 (needs the Data Plane API, see
#   dev/build-dataplaneapi.sh); samples/haproxyconfig-dataplane.yaml points at it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_DIR"

RUN_DIR="${DEMO_RUN_DIR:-${TMPDIR:-/tmp}/haproxy-operator-demo}"
DEMO_TARGET="${DEMO_TARGET:-colocated}"
case "$DEMO_TARGET" in colocated|dataplane) ;; *) die "DEMO_TARGET is colocated or dataplane, not $DEMO_TARGET" ;; esac
KUBECTL="$KUBE_API_TEST_DIR/k8s/${KUBERNETES_VERSION}-linux-amd64/kubectl"
pids=()

cleanup() {
  trap - EXIT INT TERM
  log "stopping the demo"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$DEMO_TARGET" = dataplane ]; then
    "$DEV_DIR/dataplane.sh" stop "$RUN_DIR/lb1" || true
  else
    "$DEV_DIR/haproxy.sh" stop "$RUN_DIR/lb1" || true
  fi
}
trap cleanup EXIT INT TERM

# HAProxy serves 8080 (traffic) and 8404 (stats); the operator's own metrics and health
# endpoints move to 9080/9081 so that they do not take HAProxy's port.
ports=(8080 8404 9001 9080 9081)
[ "$DEMO_TARGET" = dataplane ] && ports+=(5555)
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port 127.0.0.1:$port is in use; the demo needs ${ports[*]}"
  fi
done

if [ "$DEMO_TARGET" = dataplane ]; then
  "$DEV_DIR/setup.sh"
else
  # Everything but the Data Plane API, which the co-located target does not need.
  SETUP_WITHOUT_DATAPLANEAPI=1 "$DEV_DIR/setup.sh"
fi
log "building the operator (mvn package)"
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null

rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR/backend"
export KUBECONFIG="$RUN_DIR/kubeconfig"

log "starting the Kubernetes API server (etcd + kube-apiserver $KUBERNETES_VERSION)"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.gitops.haproxy.it.DemoCluster \
  "$KUBECONFIG" > "$RUN_DIR/apiserver.log" 2>&1 &
pids+=($!)

log "starting the sample backend on 127.0.0.1:9001"
echo "Hello from the sample backend, routed by haproxy-operator" > "$RUN_DIR/backend/index.html"
python3 -m http.server 9001 --bind 127.0.0.1 --directory "$RUN_DIR/backend" > "$RUN_DIR/backend.log" 2>&1 &
pids+=($!)

if [ "$DEMO_TARGET" = dataplane ]; then
  "$DEV_DIR/dataplane.sh" start "$RUN_DIR/lb1" --api-port 5555 --user admin
  # The demo's Data Plane API is plain HTTP on 127.0.0.1, a host the operator must be allowed to reach.
  operator_args=(--allow-insecure-http --allowed-target-hosts 127.0.0.1)
  sample=samples/haproxyconfig-dataplane.yaml
else
  "$DEV_DIR/haproxy.sh" start "$RUN_DIR/lb1" --name lb1
  operator_args=(--colocated-config "$RUN_DIR/lb1/colocated.yaml")
  sample=samples/haproxyconfig.yaml
fi

for _ in $(seq 1 600); do [ -s "$KUBECONFIG" ] && break; sleep 0.1; done
[ -s "$KUBECONFIG" ] || die "the API server did not start; see $RUN_DIR/apiserver.log"

log "starting the operator"
java -jar target/haproxy-operator.jar --namespace demo --metrics-port 9080 --health-port 9081 "${operator_args[@]}" \
  > "$RUN_DIR/operator.log" 2>&1 &
pids+=($!)

log "creating namespace demo, the Secrets and the HAProxyConfig from samples/"
"$KUBECTL" create namespace demo >/dev/null
if [ "$DEMO_TARGET" = dataplane ]; then
  "$KUBECTL" -n demo create secret generic dataplane-credentials --from-literal=username=admin \
    --from-file=password="$RUN_DIR/lb1/dataplane-password" >/dev/null
fi
"$KUBECTL" -n demo create secret generic haproxy-config --from-file=haproxy.cfg=samples/haproxy.cfg >/dev/null
# The operator reads only the Secrets that opt in with this label.
"$KUBECTL" -n demo label secret --all haproxy.gitops.dev/input=true >/dev/null
"$KUBECTL" apply -f "$sample" >/dev/null
"$KUBECTL" -n demo wait --for=condition=Ready hapcfg/edge --timeout=120s >/dev/null \
  || { "$KUBECTL" -n demo get hapcfg edge -o yaml; die "the HAProxyConfig did not become Ready; see $RUN_DIR/operator.log"; }

echo
echo "\$ kubectl -n demo get hapcfg"
"$KUBECTL" -n demo get hapcfg
echo
echo "\$ curl -s http://127.0.0.1:8080/"
curl -sS --max-time 5 http://127.0.0.1:8080/
echo

if [ "${DEMO_EXIT_AFTER_START:-0}" = 1 ]; then
  exit 0
fi
cat <<TXT

The demo is running. In another terminal:
  export KUBECONFIG=$KUBECONFIG
  alias kubectl=$KUBECTL
  kubectl -n demo edit secret haproxy-config      # or re-create it from an edited samples/haproxy.cfg
  kubectl -n demo get hapcfg -w
  kubectl -n demo describe hapcfg edge
Logs: $RUN_DIR/operator.log, $RUN_DIR/lb1/haproxy.log. Stats: http://127.0.0.1:8404/stats
Press Ctrl-C to stop everything.
TXT
wait "${pids[0]}"
