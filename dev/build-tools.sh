#!/usr/bin/env bash
# Builds the delivery tools the chart, manifest and workflow tests use, from Go modules, into the
# cache: helm, actionlint (with shellcheck from Debian) and promtool, and fetches the Flux CRDs from
# the Flux controllers' Go modules, and the ServiceMonitor and PrometheusRule CRDs from
# prometheus-operator's.
# Prints nothing but progress; idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

go_tool() { # go_tool NAME MODULE/PATH@VERSION VERSION [BUILD TAGS]
  local name=$1 package=$2 version=$3 tags=${4:-} out="$CACHE_DIR/$1/$3"
  if [ ! -x "$out/$name" ]; then
    log "building $name $version from Go modules"
    local started=$SECONDS
    mkdir -p "$out"
    GOBIN="$out" CGO_ENABLED=0 go install -trimpath -tags "$tags" -ldflags "-s -w" "$package" >&2
    log "built $name $version in $((SECONDS - started))s"
  fi
}

go_tool helm "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION" "$HELM_VERSION"
go_tool actionlint "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" "$ACTIONLINT_VERSION"
# promtool checks the chart's alerting rules and runs their unit tests. remove_all_sd leaves out
# Prometheus's service discoveries (AWS, Azure, GCE, Kubernetes, ...), which promtool needs only
# for `check config` of scrape configs: the build then compiles a fraction of the modules.
go_tool promtool "github.com/prometheus/prometheus/cmd/promtool@v$PROMETHEUS_VERSION" "$PROMETHEUS_VERSION" remove_all_sd
command -v shellcheck >/dev/null || apt_install shellcheck

# The Flux CRDs ship in each controller's module under config/crd/bases; they are read from the
# module zip (the controllers themselves may need a newer Go than this machine's to build).
crds="$CACHE_DIR/flux-crds/source-$FLUX_SOURCE_CONTROLLER_VERSION-kustomize-$FLUX_KUSTOMIZE_CONTROLLER_VERSION-helm-$FLUX_HELM_CONTROLLER_VERSION-notification-$FLUX_NOTIFICATION_CONTROLLER_VERSION"
if [ ! -s "$crds/.complete" ]; then
  log "fetching the Flux CRDs from the Flux controllers' Go modules"
  mkdir -p "$crds"
  for module in "github.com/fluxcd/source-controller@v$FLUX_SOURCE_CONTROLLER_VERSION" \
                "github.com/fluxcd/kustomize-controller@v$FLUX_KUSTOMIZE_CONTROLLER_VERSION" \
                "github.com/fluxcd/helm-controller@v$FLUX_HELM_CONTROLLER_VERSION" \
                "github.com/fluxcd/notification-controller@v$FLUX_NOTIFICATION_CONTROLLER_VERSION"; do
    zip=$(go_module_zip "$module")
    unzip -q -o -j "$zip" "$module/config/crd/bases/*.yaml" -d "$crds"
  done
  date > "$crds/.complete"
fi

# The ServiceMonitor and PrometheusRule CRDs, for the chart's optional ServiceMonitor and
# PrometheusRule (prometheus-operator's module ships its CRDs under example/prometheus-operator-crd).
monitoring="$CACHE_DIR/prometheus-operator-crds/$PROMETHEUS_OPERATOR_VERSION"
if [ ! -s "$monitoring/monitoring.coreos.com_servicemonitors.yaml" ] \
    || [ ! -s "$monitoring/monitoring.coreos.com_prometheusrules.yaml" ]; then
  log "fetching the ServiceMonitor and PrometheusRule CRDs from the prometheus-operator Go module"
  mkdir -p "$monitoring"
  module="github.com/prometheus-operator/prometheus-operator@v$PROMETHEUS_OPERATOR_VERSION"
  zip=$(go_module_zip "$module")
  for crd in servicemonitors prometheusrules; do
    unzip -q -o -j "$zip" "$module/example/prometheus-operator-crd/monitoring.coreos.com_$crd.yaml" -d "$monitoring"
  done
fi
echo "$crds"
