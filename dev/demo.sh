#!/usr/bin/env bash
# The demo on one machine, with real components and nothing else:
#   a Kubernetes API server (etcd + kube-apiserver), HAProxy with the Data Plane API, a sample
#   backend, the operator (k8s mode), and the sample HAProxyConfig + Secret from samples/.
# It prints `kubectl get hapcfg` and a request through HAProxy, then keeps running until Ctrl-C,
# which stops everything it started. DEMO_EXIT_AFTER_START=1 stops right after the check (CI).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_DIR"

RUN_DIR="${DEMO_RUN_DIR:-${TMPDIR:-/tmp}/haproxy-operator-demo}"
KUBECTL="$KUBE_API_TEST_DIR/k8s/${KUBERNETES_VERSION}-linux-amd64/kubectl"
pids=()

cleanup() {
  trap - EXIT INT TERM
  log "stopping the demo"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$DEV_DIR/dataplane.sh" stop "$RUN_DIR/lb1" || true
}
trap cleanup EXIT INT TERM

# HAProxy serves 8080 (traffic) and 8404 (stats); the operator's own metrics and health
# endpoints move to 9080/9081 so that they do not take HAProxy's port.
for port in 8080 8404 5555 9001 9080 9081; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port 127.0.0.1:$port is in use; the demo needs 8080, 8404, 5555, 9001, 9080 and 9081"
  fi
done

"$DEV_DIR/setup.sh"
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

"$DEV_DIR/dataplane.sh" start "$RUN_DIR/lb1" --api-port 5555 --user admin

for _ in $(seq 1 600); do [ -s "$KUBECONFIG" ] && break; sleep 0.1; done
[ -s "$KUBECONFIG" ] || die "the API server did not start; see $RUN_DIR/apiserver.log"

log "starting the operator"
# The demo's Data Plane API is plain HTTP on 127.0.0.1, which production never allows.
java -jar target/haproxy-operator.jar --namespace demo --metrics-port 9080 --health-port 9081 --allow-insecure-http \
  > "$RUN_DIR/operator.log" 2>&1 &
pids+=($!)

log "creating namespace demo, the Secrets and the HAProxyConfig from samples/"
"$KUBECTL" create namespace demo >/dev/null
"$KUBECTL" -n demo create secret generic dataplane-credentials --from-literal=username=admin \
  --from-file=password="$RUN_DIR/lb1/dataplane-password" >/dev/null
"$KUBECTL" -n demo create secret generic haproxy-config --from-file=haproxy.cfg=samples/haproxy.cfg >/dev/null
"$KUBECTL" apply -f samples/haproxyconfig.yaml >/dev/null
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
Logs: $RUN_DIR/operator.log, $RUN_DIR/lb1/dataplaneapi.log. Stats: http://127.0.0.1:8404/stats
Press Ctrl-C to stop everything.
TXT
wait "${pids[0]}"
