#!/usr/bin/env python3
"""Turns what dev/bench.sh measured (target/bench/*.json and *.md) into BENCHMARKS.md and its charts.

    bench-report.py BENCH_DIR [--publish REPO_DIR]

Without --publish, BENCH_DIR/BENCHMARKS.md and BENCH_DIR/*.png; with it, REPO_DIR/BENCHMARKS.md and
REPO_DIR/docs/benchmarks/*.png. The hand-written analysis, docs/benchmarks/notes.md, is appended.
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(bench, name):
    with open(os.path.join(bench, name)) as f:
        return json.load(f)


def table(bench, name):
    with open(os.path.join(bench, name)) as f:
        return f.read().strip()


def nearest_rank(values, percent):
    ordered = sorted(values)
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[int(rank) - 1]


def command(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip() \
            or subprocess.run(args, capture_output=True, text=True, check=False).stderr.strip()
    except OSError:
        return "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    debian = "?"
    if os.path.exists("/etc/debian_version"):
        with open("/etc/debian_version") as f:
            debian = f.read().strip()
    return [
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kib / 1024 / 1024:.0f} GiB, Linux {platform.release()}, Debian {debian}",
        command("haproxy", "-v").splitlines()[0],
        command("java", "-version").splitlines()[0],
    ]


def verdict(met):
    return "met" if met else "**not met**"


KINDS = {"COLOCATED": "co-located", "DATAPLANE_API": "Data Plane API"}


def change_goals(kind, ctl):
    floor, ready = ctl["floorVerifiedMs"], ctl["readyMs"]
    floor_served, served = ctl["floorServedMs"], ctl["servedMs"]
    r50 = statistics.median(ready) / statistics.median(floor)
    r99 = nearest_rank(ready, 99) / nearest_rank(floor, 99)
    s50 = statistics.median(served) / statistics.median(floor_served)
    s99 = nearest_rank(served, 99) / nearest_rank(floor_served, 99)
    name = KINDS.get(kind, kind)
    return [
        (f"Change → live ({name}): Ready, median ≤ 1.25 × floor", f"{r50:.2f} ×", r50 <= 1.25),
        (f"Change → live ({name}): Ready, p99 ≤ 1.5 × floor", f"{r99:.2f} ×", r99 <= 1.5),
        (f"Change → live ({name}): served, median ≤ 1.25 × floor", f"{s50:.2f} ×", s50 <= 1.25),
        (f"Change → live ({name}): served, p99 ≤ 1.5 × floor", f"{s99:.2f} ×", s99 <= 1.5),
    ]


def goals(ctl, scale, memory, hitless, startup):
    largest = max(scale, key=lambda r: r["count"])
    smallest = min(scale, key=lambda r: r["count"])
    resync = [r for r in scale if any(r["resync"][k] for k in ("reloads", "statusWrites", "events"))]
    change_growth = statistics.median(largest["changeMs"]) / statistics.median(smallest["changeMs"])
    recommended = [h for h in hitless if "recommended" in h["name"]]
    baseline_load = [h for h in hitless if "baseline" in h["name"]]
    check = statistics.median(startup["haproxyCheckMs"])
    validate = statistics.median(startup["validateMs"])
    first = statistics.median(startup["firstStatusMs"])
    rows = [row for kind, measured in ctl.items() for row in change_goals(kind, measured)] + [
        (f"Scale: all {largest['count']} Ready ≤ 20 s", f"{largest['allReadySeconds']:.1f} s",
         largest["allReadySeconds"] <= 20),
        ("Scale: a re-sync with nothing changed writes and reloads nothing",
         "0 everywhere" if not resync else ", ".join(f"N={r['count']}: {r['resync']}" for r in resync), not resync),
        (f"Scale: one change among {largest['count']} as fast as among {smallest['count']}",
         f"{change_growth:.2f} ×", change_growth <= 1.5),
        ("Memory: RSS ≤ 256 MiB after the scale run", f"{memory['rssMiB']:.0f} MiB", memory["rssMiB"] <= 256),
        (f"Memory: flat with {memory['unrelatedSecrets']:,} unrelated Secrets",
         f"live heap {memory['heapMiB']:.1f} → {memory['crowdedHeapMiB']:.1f} MiB, "
         f"RSS {memory['rssMiB']:.0f} → {memory['crowdedRssMiB']:.0f} MiB",
         memory["crowdedHeapMiB"] - memory["heapMiB"] <= 5),
        ("Hitless: 0 failed requests during changes (recommended settings)",
         ", ".join(f"{h['failed']} of {h['requests']:,}, over {h['reloads']} reloads" for h in recommended),
         bool(recommended) and all(h["failed"] == 0 and h["reloads"] > 0 for h in recommended)
         and all(h["failed"] == 0 for h in baseline_load)),
        ("Start-up: process start → first reconcile ≤ 3 s", f"{first / 1000:.1f} s", first <= 3000),
        ("Start-up: validate ≤ 2 × haproxy -c + 0.5 s", f"{validate:.0f} ms against {2 * check + 500:.0f} ms",
         validate <= 2 * check + 500),
    ]
    lines = ["| goal | measured | |", "|---|---|---|"]
    lines += [f"| {goal} | {measured} | {verdict(met)} |" for goal, measured, met in rows]
    return "\n".join(lines)


def latency_chart(ctl, path):
    fig, axes = plt.subplots(1, len(ctl), figsize=(8 * len(ctl), 4.5), squeeze=False)
    for ax, (kind, measured) in zip(axes[0], ctl.items()):
        for key, label in (("floorVerifiedMs", "floor: validate + apply, reload verified"),
                           ("readyMs", "operator: Secret update → Ready"),
                           ("floorServedMs", "floor: → new response served"),
                           ("servedMs", "operator: Secret update → new response served")):
            values = sorted(measured[key])
            ax.plot(values, [(i + 1) / len(values) for i in range(len(values))], label=label,
                    drawstyle="steps-post")
        ax.set_xlabel("milliseconds")
        ax.set_ylabel("fraction of changes")
        ax.set_title(f"Change → live, {len(measured['readyMs'])} changes, {KINDS.get(kind, kind)}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def scale_chart(scale, path):
    counts = [r["count"] for r in scale]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(counts, [r["allReadySeconds"] for r in scale], "o-", label="operator: process start → all Ready")
    ax.plot(counts, [r["directSeconds"] for r in scale], "s--", label="baseline: the same applies made directly")
    ax.axhline(20, color="grey", linestyle=":", label="goal at 200: 20 s")
    ax.set_xlabel("HAProxyConfigs, one co-located HAProxy each")
    ax.set_ylabel("seconds")
    ax2 = ax.twinx()
    ax2.plot(counts, [statistics.median(r["changeMs"]) for r in scale], "^-", color="tab:green",
             label="one Secret change among N → Ready (median, right axis)")
    ax2.set_ylabel("milliseconds")
    ax2.set_ylim(bottom=0)
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], fontsize=8, loc="upper left")
    ax.set_title("Scale")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def memory_chart(scale, memory, path):
    counts = [r["count"] for r in scale]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(counts, [r["rssMiB"] for r in scale], "o-", label="operator RSS")
    ax.plot(counts, [r["heapMiB"] for r in scale], "s-", label="live heap after a full collection")
    ax.plot([memory["count"]], [memory["crowdedRssMiB"]], "o", color="tab:red",
            label=f"RSS with {memory['unrelatedSecrets']:,} unrelated Secrets")
    ax.plot([memory["count"]], [memory["crowdedHeapMiB"]], "s", color="tab:purple",
            label=f"live heap with {memory['unrelatedSecrets']:,} unrelated Secrets")
    ax.axhline(256, color="grey", linestyle=":", label="goal: 256 MiB RSS")
    ax.set_xlabel("HAProxyConfigs")
    ax.set_ylabel("MiB")
    ax.set_ylim(bottom=0)
    ax.set_title("Memory (JVM flags: " + " ".join(memory["jvmFlags"]) + ")", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    bench = sys.argv[1]
    publish = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--publish" else None
    out_md = os.path.join(publish, "BENCHMARKS.md") if publish else os.path.join(bench, "BENCHMARKS.md")
    image_dir = os.path.join(publish, "docs", "benchmarks") if publish else bench
    repo = publish or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(image_dir, exist_ok=True)

    ctl = load(bench, "change-to-live.json")
    scale = sorted(load(bench, "scale.json"), key=lambda r: r["count"])
    memory = load(bench, "memory.json")
    hitless = load(bench, "hitless-reloads.json")
    startup = load(bench, "start-up.json")
    charts = {"latency": os.path.join(image_dir, "change-to-live.png"),
              "scale": os.path.join(image_dir, "scale.png"),
              "memory": os.path.join(image_dir, "memory.png")}
    latency_chart(ctl, charts["latency"])
    scale_chart(scale, charts["scale"])
    memory_chart(scale, memory, charts["memory"])
    link = {k: os.path.relpath(v, os.path.dirname(out_md)) for k, v in charts.items()}

    with open(os.path.join(bench, "load-before.txt")) as f:
        load_before = f.read().split("load average:")[-1].strip()
    with open(os.path.join(bench, "load-after.txt")) as f:
        load_after = f.read().split("load average:")[-1].strip()
    with open(os.path.join(bench, "seconds.txt")) as f:
        seconds = int(f.read().strip())
    notes_path = os.path.join(repo, "docs", "benchmarks", "notes.md")
    notes = open(notes_path).read().strip() if os.path.exists(notes_path) else ""
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    host = machine()

    dataplane = ("and the Data Plane API (a binary named by `DATAPLANEAPI_BIN`)" if "DATAPLANE_API" in ctl
                 else "no Data Plane API")
    text = f"""# Benchmarks

Measured on {day} with `dev/bench.sh all` ({seconds // 60} min {seconds % 60} s), on real components
started by the harness: kube-apiserver and etcd, HAProxy, `wrk`, the operator; {dataplane}.

- Machine: {host[0]}
- {host[1]}; {host[2]}
- Load average before / after the run: {load_before} / {load_after}. These machines are shared and
  noisy: every figure stands next to a baseline measured in the same run, and the ratios are what
  compares across runs.

## Goals

{goals(ctl, scale, memory, hitless, startup)}

## Change → live

One HAProxyConfig and one load balancer of each kind this machine has; each change updates the
config Secret with a new response. Ready is seen through a watch, the new response through an HTTP
probe every 2 ms. The floor is the same validate + apply + verified reload made directly with the
operator's own client of that load balancer: what a script running `haproxy -c` and a
master-socket reload (co-located), or the same calls to the Data Plane API, would take.

{table(bench, "change-to-live.md")}

![change to live]({link["latency"]})

## Scale

N HAProxyConfigs, each with its own co-located HAProxy (one thread, a small config), created before
the operator starts; the operator runs as its own process with the image's JVM flags, sized for the
chart's memory limit. The baseline makes the same N validate + apply + verified reloads directly, as
many at once as the operator's reconcile threads. The re-sync waits one whole interval with nothing
changed and counts HAProxy reloads (from each master), status writes (resourceVersions) and Events.

{table(bench, "scale.md")}

![scale]({link["scale"]})

## Memory

{table(bench, "memory.md")}

![memory]({link["memory"]})

## Hitless reloads

{table(bench, "hitless-reloads.md")}

wrk runs from a second before the first change to a second after the last one is Ready, so every
reload happens under load. The operator applies the newest config each time: changes that arrive
while a reload runs are applied together, so fewer reloads than changes is expected.

## Start-up

{table(bench, "start-up.md")}
"""
    if notes:
        text += "\n## Where the time and memory go\n\n" + notes + "\n"
    with open(out_md, "w") as f:
        f.write(text)
    print(f"wrote {out_md} and {', '.join(charts.values())}")


if __name__ == "__main__":
    main()
