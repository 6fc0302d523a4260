#!/usr/bin/env python3
"""Draws the panels of the chart's Grafana dashboard from /metrics scrapes of a real run.

Usage: dev/dashboard-png.py [SCRAPE_DIR] [OUT.png]   (defaults: target/dashboard-run, docs/dashboard.png)

SCRAPE_DIR holds <epoch millis>.prom files, one /metrics scrape each (dev/bench.sh dashboard writes
them every 5 s). There is no Prometheus and no Grafana here: this script evaluates each panel's
query itself (increase and rate over a window, sum by, histogram_quantile with Prometheus's linear
interpolation; a counter absent at the start of a window counts from 0) and draws the panels in
the dashboard's order with the dashboard's titles. Needs matplotlib (pip install matplotlib).
"""
import json
import math
import pathlib
import re
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
RATE_WINDOW = 60.0  # seconds, as Grafana's $__rate_interval would be for 5 s scrapes
BAR_WINDOW = 30.0


def load(directory):
    scrapes = []
    for path in sorted(directory.glob("*.prom"), key=lambda p: int(p.stem)):
        samples = {}
        for line in path.read_text().splitlines():
            match = SAMPLE.match(line)
            if match:
                labels = frozenset(LABEL.findall(match.group(2) or ""))
                samples[(match.group(1), labels)] = float(match.group(3))
        scrapes.append((int(path.stem) / 1000.0, samples))
    if not scrapes:
        sys.exit(f"no scrapes in {directory}")
    start = scrapes[0][0]
    return [(t - start, s) for t, s in scrapes]


def select(samples, name, where=None):
    for (metric, labels), value in samples.items():
        if metric == name:
            labels = dict(labels)
            if where is None or all(labels.get(k) == v for k, v in where.items()):
                yield labels, value


def at(scrapes, t):
    """The last scrape at or before t."""
    chosen = scrapes[0][1]
    for time, samples in scrapes:
        if time > t:
            break
        chosen = samples
    return chosen


def grouped(scrapes, name, by, where=None):
    """sum by (by) (name) at each scrape: {group: [values]}."""
    out = defaultdict(lambda: [0.0] * len(scrapes))
    for i, (_, samples) in enumerate(scrapes):
        for labels, value in select(samples, name, where):
            out[tuple(labels.get(k, "") for k in by)][i] += value
    return out


def increase(scrapes, name, by, window, where=None):
    """sum by (by) (increase(name[window])) at each scrape."""
    out = defaultdict(lambda: [0.0] * len(scrapes))
    for i, (t, samples) in enumerate(scrapes):
        before = at(scrapes, t - window)
        for labels, value in select(samples, name, where):
            key = (name, frozenset(labels.items()))
            out[tuple(labels.get(k, "") for k in by)][i] += max(0.0, value - before.get(key, 0.0))
    return out


def quantile(q, buckets):
    """Prometheus's histogram_quantile over [(le, count)]."""
    buckets = sorted(buckets)
    total = buckets[-1][1] if buckets else 0
    if total <= 0:
        return math.nan
    rank = q * total
    lower, below = 0.0, 0.0
    for le, count in buckets:
        if count >= rank:
            if math.isinf(le):
                return lower
            return lower + (le - lower) * (rank - below) / max(count - below, 1e-12)
        lower, below = le, count
    return lower


def quantiles(scrapes, histogram, qs):
    rates = increase(scrapes, histogram + "_bucket", ["le"], RATE_WINDOW)
    series = {}
    for q in qs:
        values = []
        for i in range(len(scrapes)):
            values.append(quantile(q, [(float(le[0]), v[i]) for le, v in rates.items()]))
        series[f"p{int(q * 100)}"] = values
    return series


def style(ax, title, unit=None):
    ax.set_title(title, loc="left", color="#ccccdc", fontsize=10, fontweight="bold")
    ax.set_facecolor("#181b1f")
    ax.tick_params(colors="#8e8e9c", labelsize=7)
    for spine in ax.spines.values():
        spine.set_color("#2c3235")
    ax.grid(color="#2c3235", linewidth=0.6)
    if unit:
        ax.set_ylabel(unit, color="#8e8e9c", fontsize=7)


def lines(ax, times, series, stacked=False, bars=False):
    if not series:
        ax.text(0.5, 0.5, "No data", color="#8e8e9c", ha="center", va="center", transform=ax.transAxes)
        return
    bottom = [0.0] * len(times)
    for label, values in sorted(series.items()):
        if bars:
            ax.bar(times, values, width=0.07, bottom=bottom, label=label)
            bottom = [b + v for b, v in zip(bottom, values)]
        elif stacked:
            top = [b + v for b, v in zip(bottom, values)]
            ax.fill_between(times, bottom, top, label=label, alpha=0.7, step="post")
            bottom = top
        else:
            ax.plot(times, values, label=label, linewidth=1.4)
    ax.legend(fontsize=7, facecolor="#181b1f", edgecolor="#2c3235", labelcolor="#ccccdc", loc="upper left")


def label(key):
    return "/".join(k for k in key if k) or "total"


def main():
    directory = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "target" / "dashboard-run"
    output = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "docs" / "dashboard.png"
    dashboard = json.loads((REPO / "charts/haproxy-operator/files/grafana-dashboard.json").read_text())
    scrapes = load(directory)
    times = [t / 60.0 for t, _ in scrapes]
    last = scrapes[-1][1]
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]

    def draw(ax, title):
        if title == "Targets in sync":
            in_sync = sum(v for _, v in select(last, "haproxy_operator_targets_in_sync"))
            total = sum(v for _, v in select(last, "haproxy_operator_targets"))
            ax.text(0.5, 0.5, f"{in_sync:.0f} / {total:.0f}", color="#73bf69" if in_sync == total else "#f2495c",
                    fontsize=28, ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([]), ax.set_yticks([])
        elif title == "Target attempts by result":
            rows = increase(scrapes, "haproxy_operator_applies_total", ["result"], BAR_WINDOW)
            lines(ax, times, {label(k): v for k, v in rows.items()}, bars=True)
        elif title == "Targets in sync per resource":
            series = {}
            for key, values in grouped(scrapes, "haproxy_operator_targets_in_sync", ["namespace", "name"]).items():
                series[label(key[1:]) + " in sync"] = values
            for key, values in grouped(scrapes, "haproxy_operator_targets", ["namespace", "name"]).items():
                series[label(key[1:]) + " targets"] = values
            lines(ax, times, series)
        elif title == "Target states":
            rows = grouped(scrapes, "haproxy_operator_target_state", ["state"])
            lines(ax, times, {label(k): v for k, v in rows.items() if any(v)}, stacked=True)
        elif title == "Secret change → applied everywhere":
            lines(ax, times, quantiles(scrapes, "haproxy_operator_secret_change_to_applied_seconds", (0.5, 0.95, 0.99)))
        elif title == "Reload duration":
            lines(ax, times, quantiles(scrapes, "haproxy_operator_reload_duration_seconds", (0.5, 0.95, 0.99)))
        elif title == "Failures by reason":
            rows = increase(scrapes, "haproxy_operator_failures_total", ["reason"], BAR_WINDOW)
            lines(ax, times, {label(k): v for k, v in rows.items()}, bars=True)
        elif title == "Stalled resources":
            rows = grouped(scrapes, "haproxy_operator_stalled", ["reason"])
            lines(ax, times, {label(k): v for k, v in rows.items() if any(v)})
        elif title == "Certificate expiry":
            now = start + scrapes[-1][0]
            certs = sorted(((v - now) / 86400, f"{l['namespace']}/{l['name']} {l['file']}")
                           for l, v in select(last, "haproxy_operator_certificate_expiry_timestamp_seconds"))
            colors = ["#f2495c" if d < 7 else "#ff9830" if d < 14 else "#73bf69" for d, _ in certs]
            ax.barh([n for _, n in certs], [d for d, _ in certs], color=colors)
            ax.tick_params(axis="y", labelsize=8, labelcolor="#ccccdc")
        elif title == "Leader":
            leaders = sum(v for _, v in select(last, "haproxy_operator_leader"))
            ax.text(0.5, 0.5, f"{leaders:.0f}", color="#73bf69" if leaders == 1 else "#f2495c", fontsize=28,
                    ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([]), ax.set_yticks([])
        elif title == "Reconciles":
            started = increase(scrapes, "operator_sdk_reconciliations_started_total", [], RATE_WINDOW)
            failed = increase(scrapes, "operator_sdk_reconciliations_failed_total", [], RATE_WINDOW)
            series = {"started": [v / RATE_WINDOW for v in started.get((), [0.0] * len(times))],
                      "failed": [v / RATE_WINDOW for v in failed.get((), [0.0] * len(times))]}
            lines(ax, times, series)
        elif title == "JVM memory":
            rows = grouped(scrapes, "jvm_memory_used_bytes", ["area"])
            lines(ax, times, {label(k): [v / 2**20 for v in values] for k, values in rows.items()})
        elif title == "CPU":
            rows = grouped(scrapes, "process_cpu_usage", [])
            lines(ax, times, {"operator": [v * 100 for v in rows.get((), [])]})
        else:
            ax.text(0.5, 0.5, "not drawn", color="#8e8e9c", ha="center", va="center", transform=ax.transAxes)

    units = {"Secret change → applied everywhere": "seconds", "Reload duration": "seconds",
             "Certificate expiry": "days", "JVM memory": "MiB", "CPU": "%", "Reconciles": "per second",
             "Target attempts by result": "per 30 s", "Failures by reason": "per 30 s"}
    start = min(int(p.stem) for p in directory.glob("*.prom")) / 1000.0
    # One grid row per distinct y of the dashboard's panels; x and w as in Grafana's 24 columns.
    row_of = {y: i for i, y in enumerate(sorted({p["gridPos"]["y"] for p in panels}))}
    figure = plt.figure(figsize=(16, 2.9 * len(row_of)), facecolor="#111217")
    grid = figure.add_gridspec(len(row_of), 24, hspace=0.55, wspace=1.2)
    for panel in panels:
        position = panel["gridPos"]
        ax = figure.add_subplot(grid[row_of[position["y"]], position["x"]:position["x"] + position["w"]])
        style(ax, panel["title"], units.get(panel["title"]))
        draw(ax, panel["title"])
        if panel["title"] not in ("Targets in sync", "Leader", "Certificate expiry"):
            ax.set_xlabel("minutes into the run", color="#8e8e9c", fontsize=7)
    figure.suptitle("haproxy-operator — the chart's dashboard, drawn from a real run's /metrics", color="#ccccdc",
                    fontsize=14, x=0.01, ha="left")
    figure.text(0.01, 0.006, "Not a Grafana screenshot: matplotlib (dev/dashboard-png.py) evaluating the panels of "
                "charts/haproxy-operator/files/grafana-dashboard.json\non /metrics scraped every 5 s during "
                "dev/bench.sh dashboard (the packaged operator, a real kube-apiserver, three co-located HAProxy 2.6).",
                color="#8e8e9c", fontsize=9)
    figure.subplots_adjust(left=0.13, right=0.98, top=0.95, bottom=0.05)
    output.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(output, dpi=80, facecolor=figure.get_facecolor())
    print(f"wrote {output} from {len(scrapes)} scrapes over {scrapes[-1][0] / 60:.1f} minutes")


if __name__ == "__main__":
    main()
