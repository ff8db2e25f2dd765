#!/usr/bin/env python3
"""Writes benchmarks/RESULTS.md from a JMH JSON result (run with -prof gc) and the run's log.

The generated part is replaced; the hand-written part of the file it replaces, from the heading
"## Analysis of the run above" to the end, is kept as it is below the new tables.

    python3 benchmarks/report.py --json target/jmh-result.json --log target/jmh.log \
        --out RESULTS.md --command "benchmarks/run.sh" --started 2026-01-01T00:00:00Z

Times are the median of every measurement iteration of every fork (robust on a noisy, shared
machine); the JMH mean and its 99.9% error are shown beside it. Ratios are medians over medians.
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
from datetime import datetime, timezone

PKG = "io.infersight.benchmarks."
NORM = ("gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm")

S = "suite.RequestSuiteBenchmark."
M = "metrics.MetricsListenerBenchmark."
L = "logging.LoggingBenchmark."
T = "tracing.TracingBenchmark."
D = "drift.DriftUpdateBenchmark."
P = "peers.PeerBenchmark."
SC = "scaling.ScalingBenchmark."

# (benchmark, its baseline): every comparison the suite was built for.
PAIRS = [
    ("core.CoreOverheadBenchmark.observedPipeline", "core.CoreOverheadBenchmark.bare"),
    ("core.CoreOverheadBenchmark.observedScope", "core.CoreOverheadBenchmark.bare"),
    ("core.CoreOverheadBenchmark.noopPipeline", "core.CoreOverheadBenchmark.bare"),
    ("core.CoreOverheadBenchmark.noopScope", "core.CoreOverheadBenchmark.bare"),
    (M + "metricsListener", M + "handWritten"),
    (M + "metricsListenerPlainRegistry", M + "handWritten"),
    (M + "coreOnly", M + "handWritten"),
    ("metrics.SharedMetersBenchmark.twoThreads", "metrics.SharedMetersBenchmark.oneThread"),
    (L + "infersightSampledIn", L + "handWrittenAsync"),
    (L + "handWrittenAsync", L + "handWrittenSync"),
    (L + "pacedInfersightSampledIn", L + "pacedHandWrittenAsync"),
    (L + "infersightSampledOut", L + "mdcFloor"),
    (L + "mdcFloor", L + "mdcPutRemove"),
    (T + "notSampled", T + "coreOnly"),
    (T + "sampled", T + "handWritten"),
    (T + "sdkFloor", T + "handWritten"),
    (D + "infersightDrift[features=16]", D + "kllUpdate[features=16]"),
    (D + "arrayAppend[features=16]", D + "kllUpdate[features=16]"),
    (D + "infersightDrift[features=128]", D + "kllUpdate[features=128]"),
    (D + "arrayAppend[features=128]", D + "kllUpdate[features=128]"),
    (D + "infersightDrift[features=1024]", D + "kllUpdate[features=1024]"),
    (D + "arrayAppend[features=1024]", D + "kllUpdate[features=1024]"),
    ("gpu.GpuPollBenchmark.pollOnce", "gpu.GpuPollBenchmark.rawSixCalls"),
    (S + "sampledOutNoLog[features=0]", S + "handWritten[features=0]"),
    (S + "sampledOutNoLog[features=16]", S + "handWritten[features=16]"),
    (S + "sampledOutNoLog[features=128]", S + "handWritten[features=128]"),
    (S + "sampledOutLogSampledOut", S + "handWritten[features=16]"),
    (S + "sampledInOneEvent", S + "handWritten[features=16]"),
    (P + "allPillars[sampling=out]", P + "observation[sampling=out]"),
    (P + "allPillars[sampling=in]", P + "observation[sampling=in]"),
    (P + "metricsTracing[sampling=out]", P + "otel[sampling=out]"),
    (P + "metricsTracing[sampling=in]", P + "otel[sampling=in]"),
    (P + "handWritten[sampling=out]", P + "handWritten[sampling=in]"),
    (SC + "perRequest[features=128]", SC + "perRequest[features=16]"),
    (SC + "perRequest[features=1024]", SC + "perRequest[features=16]"),
    (SC + "perRequestModels[models=10]", SC + "perRequestModels[models=1]"),
    (SC + "perRequestModels[models=100]", SC + "perRequestModels[models=1]"),
]

# The peer comparisons RESULTS.md leads with: (figure, Infersight variant, peer variant).
PEER_ROWS = [
    ("All pillars vs Micrometer Observation, sampled out", "allPillars[sampling=out]", "observation[sampling=out]"),
    ("All pillars vs Micrometer Observation, sampled in", "allPillars[sampling=in]", "observation[sampling=in]"),
    ("Metrics + tracing vs Micrometer Observation, sampled out", "metricsTracing[sampling=out]", "observation[sampling=out]"),
    ("Metrics + tracing vs Micrometer Observation, sampled in", "metricsTracing[sampling=in]", "observation[sampling=in]"),
    ("Metrics + tracing vs plain OpenTelemetry, sampled out", "metricsTracing[sampling=out]", "otel[sampling=out]"),
    ("Metrics + tracing vs plain OpenTelemetry, sampled in", "metricsTracing[sampling=in]", "otel[sampling=in]"),
    ("All pillars vs the seed's hand-written code, sampled out", "allPillars[sampling=out]", "handWritten[sampling=out]"),
    ("All pillars vs the seed's hand-written code, sampled in", "allPillars[sampling=in]", "handWritten[sampling=in]"),
]
PEER_VARIANTS = ["observation[sampling=out]", "observation[sampling=in]", "otel[sampling=out]", "otel[sampling=in]",
                 "handWritten[sampling=out]", "handWritten[sampling=in]", "allPillars[sampling=out]", "allPillars[sampling=in]",
                 "metricsTracing[sampling=out]", "metricsTracing[sampling=in]"]


def load(path):
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    out = {}
    for e in entries:
        name = e["benchmark"].replace(PKG, "")
        if e.get("params"):
            name += "[" + ",".join(f"{k}={v}" for k, v in sorted(e["params"].items())) + "]"
        pm = e["primaryMetric"]
        r = {"mode": e["mode"], "unit": pm["scoreUnit"], "mean": pm["score"],
             "error": pm.get("scoreError"), "threads": e.get("threads", 1), "forks": e.get("forks")}
        if e["mode"] == "sample":
            pct = pm["scorePercentiles"]
            r.update(median=pct["50.0"], p90=pct["90.0"], p99=pct["99.0"], p999=pct["99.9"])
        else:
            raw = [v for fork in pm.get("rawData", []) for v in fork]
            r["median"] = statistics.median(raw) if raw else pm["score"]
            r["iterations"] = len(raw)
        sec = e.get("secondaryMetrics", {})
        r["bop"] = next((sec[k]["score"] for k in NORM if k in sec), None)
        out[(name, e["mode"])] = r
    return out


class Results:
    def __init__(self, data):
        self.data = data

    def get(self, name, mode=None):
        if mode:
            return self.data.get((name, mode))
        for m in ("avgt", "thrpt"):
            if (name, m) in self.data:
                return self.data[(name, m)]
        return None

    def t(self, name):
        r = self.get(name)
        return None if r is None else r["median"]

    def b(self, name):
        r = self.get(name)
        return None if r is None else r["bop"]


def fmt_t(v, unit="ns/op"):
    if v is None:
        return "n/a"
    if unit != "ns/op":
        return f"{v:,.3f} {unit}"
    if v >= 10_000_000:
        return f"{v / 1e6:,.1f} ms"
    return f"{v / 1000:,.2f} us" if v >= 10_000 else f"{v:,.1f} ns"


def fmt_b(v):
    return "n/a" if v is None else f"{v:,.0f} B"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def fmt_r(v):
    return "n/a" if v is None else f"{v:.2f}x"


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip()
    except OSError:
        java = "unknown"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    clock = "unknown"
    try:
        with open("/sys/devices/system/clocksource/clocksource0/current_clocksource") as f:
            clock = f.read().strip()
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "java": java, "commit": commit, "clock": clock,
            "kernel": platform.release(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def deliveries(log_path):
    """The '[name] requests=...' lines each fork prints at tear-down, with their benchmark."""
    out = []
    if not log_path or not os.path.exists(log_path):
        return out
    bench, params, mode = None, "", ""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("# Benchmark: "):
                bench = line.split(": ", 1)[1].strip().replace(PKG, "")
            elif line.startswith("# Parameters: "):
                params = line.split(": ", 1)[1].strip()
            elif line.startswith("# Benchmark mode: "):
                params = ""
                mode = "sample" if "Sampling" in line else "thrpt" if "Throughput" in line else "avgt"
            elif line.startswith("[") and "requests=" in line:
                out.append((f"{bench} {mode}" + (" " + params if params else ""), line.strip()))
    return out


def drift_goal(g, r, width):
    """Issues 7 and 19: the drift update per value at one vector width, beside KLL at that width."""
    name = f"[features={width}]"
    dt, db, kt = r.t(D + "infersightDrift" + name), r.b(D + "infersightDrift" + name), r.t(D + "kllUpdate" + name)
    speed = ratio(kt, dt)
    ok = dt is not None and dt <= 10 and db is not None and db < 1 and speed is not None and speed >= 2.5
    g.append((f"Drift update per feature value, {width} features", "<= 10 ns, 0 B/op, >= 2.5x faster than KLL",
              f"{fmt_t(dt)}, {fmt_b(db)}, KLL {fmt_t(kt)} ({fmt_r(speed)} faster)", ok,
              "" if ok else "per value the monitor finds the bin with an indexed lookup (a jump to the"
              " first edge of the value's equal-width cell and a short scan) and counts it with a plain"
              " increment in a stripe the request claimed once (no atomic per value); what is left is"
              " the lookup's dependent loads and its data-dependent scan, and past 64 features the"
              " working set's cache misses, which the sampling rule for wide vectors bounds only above"
              " its rate line (docs/drift.md). KLL's update is an array store with a compaction"
              " amortised over many values."))


def log_params(params):
    """'(features = 16, x = y)' -> '[features=16,x=y]', as load() names a parameterised benchmark."""
    inner = params.strip().strip("()")
    if not inner:
        return ""
    kv = sorted(tuple(x.strip() for x in part.split("=", 1)) for part in inner.split(","))
    return "[" + ",".join(f"{k}={v}" for k, v in kv) + "]"


def checks(log_path):
    """{benchmark name: [check lines]} from the '[check ...]' lines forks print at tear-down."""
    out = {}
    if not log_path or not os.path.exists(log_path):
        return out
    bench, params = None, ""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("# Benchmark: "):
                bench, params = line.split(": ", 1)[1].strip().replace(PKG, ""), ""
            elif line.startswith("# Parameters: "):
                params = log_params(line.split(": ", 1)[1])
            elif line.startswith("[check ") and bench:
                out.setdefault(bench + params, []).append(line.strip())
    return out


def scrape_size(log_path):
    """(bytes, series) from the '[scrape] ...' line ScalingBenchmark prints at set-up."""
    if not log_path or not os.path.exists(log_path):
        return None
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"\[scrape\] models=(\d+) features=(\d+) bytes=(\d+) series=(\d+)", line.strip())
            if m:
                return {"models": int(m[1]), "features": int(m[2]), "bytes": int(m[3]), "series": int(m[4])}
    return None


class Checked:
    """A benchmark's figures, or none when its correctness check failed or never ran."""

    def __init__(self, r, chk):
        self.r, self.chk = r, chk

    def status(self, name):
        lines = self.chk.get(name)
        if not lines:
            return False, "no check line (did it run?)"
        bad = [l for l in lines if "] FAILED" in l]
        return (not bad), (bad[0] if bad else lines[0])

    def t(self, name):
        return self.r.t(name) if self.status(name)[0] else None

    def b(self, name):
        return self.r.b(name) if self.status(name)[0] else None


def server_summary(path):
    """Throughput and latency per observer mode from ServerLoad's JSON, and their ratios."""
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    runs = data.get("runs", [])
    by = {m: [x for x in runs if x["observer"] == m] for m in ("default", "noop")}
    if not by["default"] or not by["noop"]:
        return None

    def med(mode, key):
        return statistics.median(x[key] for x in by[mode])

    pairs = {}
    for x in runs:
        pairs.setdefault(x["pair"], {})[x["observer"]] = x
    pair_ratios = [p["default"]["throughput"] / p["noop"]["throughput"] for p in pairs.values()
                   if "default" in p and "noop" in p and p["noop"]["throughput"] > 0]
    out = {"data": data, "runs": runs, "pair_ratios": pair_ratios,
           "errors": sum(x["errors"] for x in runs)}
    for m in ("default", "noop"):
        out[m] = {k: med(m, k) for k in ("throughput", "p50Micros", "p99Micros", "p999Micros")}
    out["ratio"] = statistics.median(pair_ratios) if pair_ratios else None
    return out


def busy_note(load):
    """A reason to distrust time ratios when the machine was busier than its CPUs, else ''."""
    try:
        first = float(str(load).split()[0])
    except (ValueError, IndexError):
        return ""
    cpus = os.cpu_count() or 1
    if first <= 2 * cpus:
        return ""
    return (f" The machine's load average was {first:.1f} on {cpus} vCPUs when JMH ended: benchmarks"
            f" that run minutes apart saw different load, so this time ratio is mostly that noise"
            f" (compare the bytes, which do not depend on load; see the analysis below).")


def goals21(r, chk, srv, load=""):
    """(figure, goal, measured, holds, why-if-missed) for issue 21."""
    c = Checked(r, chk)
    g = []
    busy = busy_note(load)

    def peer_goal(figure, ours, peer, tmax, bmax_ratio=None, why_t="", why_b=""):
        ok_c, line_c = c.status(P + ours)
        ok_p, line_p = c.status(P + peer)
        if not (ok_c and ok_p):
            failed = line_c if not ok_c else line_p
            g.append((figure, f"<= {tmax}x time" + (f", <= 1/{round(1 / bmax_ratio)} B/op" if bmax_ratio else ""),
                      "no number", False, f"correctness check failed: {failed}"))
            return
        tr = ratio(r.t(P + ours), r.t(P + peer))
        bo, bp = r.b(P + ours), r.b(P + peer)
        br = ratio(bo, bp)
        ok_t = tr is not None and tr <= tmax
        ok_b = bmax_ratio is None or (br is not None and br <= bmax_ratio)
        meas = f"{fmt_r(tr)} ({fmt_t(r.t(P + ours))} vs {fmt_t(r.t(P + peer))})"
        goal = f"<= {tmax}x time"
        if bmax_ratio is not None:
            meas += f"; bytes {fmt_b(bo)} vs {fmt_b(bp)} = 1/{(bp / bo) if bo else float('inf'):,.0f}"
            goal += f", <= 1/{round(1 / bmax_ratio)} B/op"
        why = []
        if not ok_t:
            why.append(why_t + busy)
        if not ok_b:
            why.append(why_b)
        g.append((figure, goal, meas, ok_t and ok_b, " ".join(w for w in why if w)))

    core_b = r.b(T + "coreOnly")
    peer_goal("All pillars, sampled out, vs Micrometer Observation sampled out", "allPillars[sampling=out]",
              "observation[sampling=out]", 0.1, 1 / 50,
              why_t=f"metrics + tracing alone take {fmt_t(r.t(P + 'metricsTracing[sampling=out]'))}; logging's"
                    f" sampled-out path and 16 drift updates the rest (DriftUpdateBenchmark:"
                    f" {fmt_t(r.t(D + 'infersightDrift[features=16]'))} a value).",
              why_b=f"{fmt_b(core_b)} of them are core's per-request Inference (TracingBenchmark.coreOnly),"
                    f" allocated by design (see the module goals below); the four pillars add"
                    f" {fmt_b(None if r.b(P + 'allPillars[sampling=out]') is None or core_b is None else r.b(P + 'allPillars[sampling=out]') - core_b)}.")
    peer_goal("Metrics + tracing, sampled out, vs plain OpenTelemetry sampled out", "metricsTracing[sampling=out]",
              "otel[sampling=out]", 0.5,
              why_t=f"core's own request (TracingBenchmark.coreOnly: {fmt_t(r.t(T + 'coreOnly'))}: the Inference"
                    f" and five clock reads) is a large share of a figure this small.")
    peer_goal("Metrics + tracing, sampled in, vs plain OpenTelemetry sampled in", "metricsTracing[sampling=in]",
              "otel[sampling=in]", 0.8,
              why_t=f"sampled in, both sides build the same 5 spans through the same SDK (TracingBenchmark.sdkFloor,"
                    f" the spans alone: {fmt_t(r.t(T + 'sdkFloor'))}), which is most of either figure.")

    lo, hi = SC + "perRequest[features=16]", SC + "perRequest[features=1024]"
    ok_lo, _ = c.status(lo)
    ok_hi, line_hi = c.status(hi)
    if ok_lo and ok_hi and r.t(lo) is not None and r.t(hi) is not None:
        per = (r.t(hi) - r.t(lo)) / (1024 - 16)
        ok = per <= 10
        g.append(("Per feature value at 1,024 features (slope 16 -> 1,024, every pillar, drift on)", "<= 10 ns",
                  f"{per:,.1f} ns ({fmt_t(r.t(hi))} at 1,024 vs {fmt_t(r.t(lo))} at 16)", ok,
                  "" if ok else f"the drift listener's update is the per-value cost (DriftUpdateBenchmark:"
                  f" {fmt_t(r.t(D + 'infersightDrift[features=1024]'))} a value), and at 1,024 features the request also"
                  f" allocates {fmt_b(r.b(hi))} against {fmt_b(r.b(lo))} at 16, so the wide path does more"
                  f" than the narrow one. Issue 19 owns the fix (sdk-drift, branch wide)." + busy))
    else:
        g.append(("Per feature value at 1,024 features", "<= 10 ns", "no number", False,
                  "correctness check failed or not run: " + (line_hi if not ok_hi else "16 features")))

    if srv and srv.get("ratio") is not None:
        ratio_ = srv["ratio"]
        ok = ratio_ >= 0.97 and srv["errors"] == 0
        d, n = srv["default"], srv["noop"]
        g.append(("Whole server at saturation: instrumented vs no-op observer throughput", ">= 0.97x",
                  f"{ratio_:.3f}x (median of {len(srv['pair_ratios'])} interleaved pairs: "
                  + ", ".join(f"{x:.3f}" for x in srv["pair_ratios"])
                  + f"); {d['throughput']:,.0f} vs {n['throughput']:,.0f} req/s", ok,
                  "" if ok else (f"{srv['errors']} failed requests; " if srv["errors"] else "")
                  + f"pair ratios spread from {min(srv['pair_ratios']):.3f} to {max(srv['pair_ratios']):.3f}, so"
                  f" one pair's noise is larger than the 3% goal; "
                  + "the load generator, the server and the instrumentation share the machine's 2 vCPUs; every"
                  " request pays the pillars' request-thread cost (see the peer table) and the log writer, span"
                  " exporter and drift threads take CPU from the scoring threads."))
    else:
        g.append(("Whole server at saturation: instrumented vs no-op observer throughput", ">= 0.97x",
                  "no number", False, "the server load did not run (benchmarks/run.sh runs it after JMH)"))
    return g


def goals(r):
    """(figure, goal, measured, holds, why-if-missed) for issue 9 and the module issues."""
    g = []
    core_t, core_b = r.t(T + "coreOnly"), r.b(T + "coreOnly")
    nano5 = r.t("suite.FloorsBenchmark.fiveNanoTimes")
    core_note = (f"core alone (TracingBenchmark.coreOnly) costs {fmt_t(core_t)} and {fmt_b(core_b)} per"
                 f" request: one Inference object by design (pooling was rejected: a stale reference to"
                 f" a recycled scope would corrupt another request), and 5 clock reads (the start and"
                 f" each stage's end; five System.nanoTime() take {fmt_t(nano5)} here).")

    def over_core(bench):
        b = r.b(bench)
        base = r.b(bench.rsplit(".", 1)[0] + ".coreOnly") if bench.startswith((T, M)) else r.b(L + "mdcFloor")
        return None if b is None or base is None else b - base

    def parts(name):
        if name.endswith("sampledInOneEvent"):
            return (f" Sampled in, the 5 OTel spans add {fmt_b(over_core(T + 'sampled'))} over core"
                    f" (TracingBenchmark.sampled; the hand-written spans allocate"
                    f" {fmt_b(r.b(T + 'handWritten'))}) and the logging event"
                    f" {fmt_b(over_core(L + 'infersightSampledIn'))} over core + MDC"
                    f" (LoggingBenchmark.infersightSampledIn): the SDK's span objects and logback's event,"
                    f" which Infersight does not own. The 5 spans with their attributes and nothing else"
                    f" allocate {fmt_b(r.b(T + 'sdkFloor'))} in this SDK (TracingBenchmark.sdkFloor).")
        if name.endswith("sampledOutLogSampledOut"):
            return (f" The logging listener's sampled-out path adds"
                    f" {fmt_b(over_core(L + 'infersightSampledOut'))} over core + MDC.")
        return (f" Beyond core: tracing not sampled {fmt_b(over_core(T + 'notSampled'))},"
                f" metrics {fmt_b(over_core(M + 'metricsListener'))}.")

    def suite(figure, name, tmax, bmax):
        hw = S + "handWritten[features=16]"
        tr, bop = ratio(r.t(name), r.t(hw)), r.b(name)
        ok_t = tr is not None and tr <= tmax
        ok_b = bop is not None and bop <= bmax
        why = []
        if not ok_t and tr is not None:
            why.append(f"time {fmt_r(tr)}, {tr / tmax:.1f}x the {tmax}x goal: the caller builds the"
                       f" same 5 OTel spans as by hand (TracingBenchmark.sampled"
                       f" {fmt_t(r.t(T + 'sampled'))} vs {fmt_t(r.t(T + 'handWritten'))}), and the log"
                       f" writer and span exporter threads compete with it for the CPUs (see the p50"
                       f" ratio and Delivery)")
        if not ok_b and bop is not None:
            why.append(f"{fmt_b(bop)} is {bop - bmax:,.0f} B over {bmax} B: " + core_note + parts(name))
        g.append((figure, f"<= {tmax}x time, <= {bmax} B/op",
                  f"{fmt_r(tr)} ({fmt_t(r.t(name))} vs {fmt_t(r.t(hw))}), {fmt_b(bop)}",
                  ok_t and ok_b, "; ".join(why)))

    suite("Suite: all listeners, sampled out, no log line (16 features)", S + "sampledOutNoLog[features=16]", 0.4, 64)
    suite("Suite: same, logging on, line sampled out", S + "sampledOutLogSampledOut", 0.5, 256)
    suite("Suite: sampled in, one JSON event (caller thread)", S + "sampledInOneEvent", 0.5, 1024)

    for width in (16, 1024):
        drift_goal(g, r, width)

    one, two = r.t("metrics.SharedMetersBenchmark.oneThread"), r.t("metrics.SharedMetersBenchmark.twoThreads")
    sc = ratio(two, one)
    ok = sc is not None and sc >= 1.8
    g.append(("2 threads vs 1 on shared meters (throughput)", ">= 1.8x", fmt_r(sc), ok,
              "" if ok else f"this VM has {os.cpu_count()} vCPUs shared with other work; two request"
              " threads leave no core for the JIT, GC (each request allocates its Inference) and the"
              " rest of the machine. The meters themselves no longer share cache lines: each request"
              " claims its own padded stripe of the model's counters (see docs/metrics.md)."))

    ml, hw, plain = r.t(M + "metricsListener"), r.t(M + "handWritten"), r.t(M + "metricsListenerPlainRegistry")
    lb = None if r.b(M + "metricsListener") is None else r.b(M + "metricsListener") - (r.b(M + "coreOnly") or 0)
    tr = ratio(ml, hw)
    ok = tr is not None and tr <= 0.5 and lb is not None and lb < 1
    g.append(("Issue 3: metrics listener vs hand-written Micrometer", "<= 0.5x time, 0 B/op (listener)",
              f"{fmt_r(tr)} ({fmt_t(ml)} vs {fmt_t(hw)}), listener {fmt_b(lb)} over core", ok,
              "" if ok else f"the listener records 10 observations per request (4 stages, forward,"
              f" request, feature retrieval, feature age, batch size, score) into the model's striped"
              f" counters where the baseline records 5 bucket-less timers and a counter. Core's share"
              f" is {fmt_t(r.t(M + 'coreOnly'))}; on a plain Prometheus registry the listener takes"
              f" {fmt_t(plain)}."))

    si, ha = r.t(L + "infersightSampledIn"), r.t(L + "handWrittenAsync")
    pi, pa, pc = r.t(L + "pacedInfersightSampledIn"), r.t(L + "pacedHandWrittenAsync"), r.t(L + "pacing")
    tr = ratio(si, ha)
    ptr = ratio(None if pi is None or pc is None else pi - pc, None if pa is None or pc is None else pa - pc)
    # The verdict uses the paced figure: there every event is delivered on both sides. Saturated,
    # both writers fall behind and most events take each appender's drop path instead.
    ok = ptr is not None and ptr <= 0.5
    g.append(("Issue 4: one event, caller thread, vs logback AsyncAppender", "<= 0.5x",
              f"paced {fmt_r(ptr)} (events delivered); saturated {fmt_r(tr)} ({fmt_t(si)} vs {fmt_t(ha)})", ok,
              ("" if ok else "paced, the caller still pays for preparing the event and the queue hand-off. ")
              + "Saturated (a tight loop faster than any writer) both sides mostly drop: logback's"
              " AsyncAppender discards an INFO event before preparing it once its queue is 80% full;"
              " Infersight checks capacity first too but still counts every drop for the metrics,"
              f" and the core + MDC floor alone is {fmt_t(r.t(L + 'mdcFloor'))}. Paced, both writers"
              " wait on their queue, so a caller's hand-off may wake one (a futex wake on each side)."))
    so, fl = r.t(L + "infersightSampledOut"), r.t(L + "mdcFloor")
    dtm = None if so is None or fl is None else so - fl
    dbm = None if r.b(L + "infersightSampledOut") is None else r.b(L + "infersightSampledOut") - (r.b(L + "mdcFloor") or 0)
    ok = dtm is not None and dtm <= 100 and dbm is not None and dbm <= 64
    g.append(("Issue 4: event sampled out, beyond core + MDC put/remove", "<= 100 ns, <= 64 B/op",
              f"+{fmt_t(dtm)}, +{fmt_b(dbm)}", ok,
              "" if ok else "the listener saves and restores three MDC keys (correlation, trace and span"
              " ID) where the floor puts one, and draws the sampling decision."))

    ns, cb = r.t(T + "notSampled"), r.b(T + "coreOnly")
    dtn = None if ns is None or core_t is None else ns - core_t
    dbn = None if r.b(T + "notSampled") is None else r.b(T + "notSampled") - (cb or 0)
    ok = dtn is not None and dtn <= 50 and dbn is not None and dbn < 1
    g.append(("Issue 5: tracing, not sampled, over core", "<= 50 ns, 0 B/op",
              f"+{fmt_t(dtn)}, +{fmt_b(dbn)}", ok,
              "" if ok else "not sampled, the listener still keeps errors and slow requests after the"
              " fact (the defaults): it reads Context.current(), claims a pooled StageRecorder (one"
              " CAS), stores it in an Inference slot and records the four stage timings. With"
              " keepErrors(false) and keepSlow(false) it returns at once."))
    sp, hwt, fl = r.t(T + "sampled"), r.t(T + "handWritten"), r.t(T + "sdkFloor")
    tr = ratio(sp, hwt)
    ok = tr is not None and tr <= 0.7
    core_t5 = r.t(T + "coreOnly")
    floor_note = "" if fl is None or hwt is None or core_t5 is None else (
        f" The same 5 spans with the same attributes in this SDK and nothing else"
        f" (TracingBenchmark.sdkFloor, explicit timestamps, no request) take {fmt_t(fl)}"
        f" ({fmt_r(ratio(fl, hwt))}) and allocate {fmt_b(r.b(T + 'sdkFloor'))}; add core's own"
        f" request (coreOnly, {fmt_t(core_t5)}) and the least a traced Infersight request can take"
        f" is {fmt_t(fl + core_t5)} = {fmt_r(ratio(fl + core_t5, hwt))}, above the goal.")
    g.append(("Issue 5: tracing, sampled, vs 5 hand-written spans", "<= 0.7x", f"{fmt_r(tr)} ({fmt_t(sp)} vs"
              f" {fmt_t(hwt)})", ok,
              "" if ok else "both sides create the same 5 spans with the same attributes through the same"
              " SDK; span building, attribute maps, SpanData and the BatchSpanProcessor queue are most of"
              " the time and Infersight cannot do them for less. It also sets explicit timestamps and"
              " keeps the root context for attach." + floor_note + " Below 0.7x needs fewer spans"
              " (for example stage timings as root-span attributes or events)."))

    pt, rt = r.t("core.CoreOverheadBenchmark.observedPipeline"), r.t("core.CoreOverheadBenchmark.bare")
    d2 = None if pt is None or rt is None else pt - rt
    b2 = r.b("core.CoreOverheadBenchmark.observedPipeline")
    ok = d2 is not None and d2 <= 100 and b2 is not None and b2 <= 64
    g.append(("Issue 2: core, no-op listener, over bare", "<= 100 ns, <= 64 B/op",
              f"+{fmt_t(d2)}, {fmt_b(b2)}", ok,
              "" if ok else core_note))

    gp = r.t("gpu.GpuPollBenchmark.pollOnce")
    g.append(("Issue 6: one poll of one device (stand-in NVML)", "<= 20 us on a real GPU",
              f"{fmt_t(gp)} against the stand-in", gp is not None and gp <= 20_000,
              "" if gp is not None and gp <= 20_000 else "see the GPU rows: JNA interface-mapping calls"))
    return g


def lead(r, chk, srv, a):
    """The figures users compare: Infersight beside its peers and the whole server, then issue 21's goals."""
    c = Checked(r, chk)
    w = ["## Infersight beside its peers (issue 21)\n",
         "The same 4-stage request with 16 features, every variant in the same JMH run"
         " (`peers.PeerBenchmark`). *Sampled out*: trace ratio 0 and no log line; *sampled in*: every"
         " request traced (and logged, where the variant logs). *All pillars*: Infersight's metrics,"
         " tracing, logging and drift listeners; *metrics + tracing*: those two only, the like-for-like"
         " peer of Micrometer Observation and plain OpenTelemetry. A variant whose correctness check"
         " failed (metric counts equal to requests, spans ended when sampled in and not otherwise)"
         " shows no number.\n",
         "| comparison | Infersight | peer | time ratio | Infersight B/op | peer B/op | B/op ratio |",
         "| --- | --- | --- | --- | --- | --- | --- |"]
    for fig, ours, peer in PEER_ROWS:
        to, tp = c.t(P + ours), c.t(P + peer)
        bo, bp = c.b(P + ours), c.b(P + peer)
        w.append(f"| {fig} | {fmt_t(to)} | {fmt_t(tp)} | {fmt_r(ratio(to, tp))} | {fmt_b(bo)} | {fmt_b(bp)} |"
                 f" {fmt_r(ratio(bo, bp))} |")
    if srv:
        d, n = srv["default"], srv["noop"]
        w.append(f"| Whole server, /predict at saturation: throughput, instrumented vs `--observer noop` |"
                 f" {d['throughput']:,.0f} req/s | {n['throughput']:,.0f} req/s | {fmt_r(srv['ratio'])} | | | |")
        w.append(f"| Whole server: p50 latency | {d['p50Micros']:,.0f} us | {n['p50Micros']:,.0f} us |"
                 f" {fmt_r(ratio(d['p50Micros'], n['p50Micros']))} | | | |")
        w.append(f"| Whole server: p99 latency | {d['p99Micros']:,.0f} us | {n['p99Micros']:,.0f} us |"
                 f" {fmt_r(ratio(d['p99Micros'], n['p99Micros']))} | | | |")
    w.append("")

    w.append("### Goals of issue 21\n")
    w.append("| figure | goal | measured | holds | why, where missed |")
    w.append("| --- | --- | --- | --- | --- |")
    for fig, goal, meas, ok, why in goals21(r, chk, srv, a.load or " ".join(f"{x:.2f}" for x in os.getloadavg())):
        w.append(f"| {fig} | {goal} | {meas} | {'holds' if ok else '**MISSED**'} | {why if not ok else ''} |")
    w.append("")

    w.append("### Every peer variant and its check\n")
    w.append("| variant | time | mean ± err | B/op | check (tear-down, first fork) |")
    w.append("| --- | --- | --- | --- | --- |")
    for v in PEER_VARIANTS:
        res = r.get(P + v)
        ok, line = c.status(P + v)
        err = res.get("error") if res else None
        mean = "" if not res else f"{res['mean']:,.1f}" + (f" ± {err:,.1f}" if isinstance(err, float) and err == err else "")
        w.append(f"| {v} | {fmt_t(c.t(P + v))} | {mean if ok else ''} | {fmt_b(c.b(P + v))} | {line} |")
    w.append("")

    w.append("### Scaling\n")
    w.append("Every pillar, sampled out, drift on (`scaling.ScalingBenchmark`).\n")
    w.append("| figure | time per request | B/op | over the smallest | check |")
    w.append("| --- | --- | --- | --- | --- |")
    for base, rows in ((SC + "perRequest[features=16]", [f"{SC}perRequest[features={f}]" for f in (16, 128, 1024)]),
                       (SC + "perRequestModels[models=1]", [f"{SC}perRequestModels[models={m}]" for m in (1, 10, 100)])):
        for name in rows:
            ok, line = c.status(name)
            label = name.replace(SC, "")
            extra = ""
            if "features=" in name and name != base and c.t(name) is not None and c.t(base) is not None:
                f = int(name.split("=")[1].rstrip("]"))
                extra = f" (+{(c.t(name) - c.t(base)) / (f - 16):,.1f} ns a feature value)"
            w.append(f"| {label} | {fmt_t(c.t(name))} | {fmt_b(c.b(name))} | {fmt_r(ratio(c.t(name), c.t(base)))}"
                     f"{extra} | {'ok' if ok else line} |")
    size = scrape_size(a.log)
    st = c.t(SC + "scrape")
    if size or st is not None:
        w.append(f"| scrape of `/metrics` (text 0.0.4), {size['models'] if size else 10} models x"
                 f" {size['features'] if size else 128} features | {fmt_t(st)} |"
                 f" {fmt_b(c.b(SC + 'scrape'))} | | {c.status(SC + 'scrape')[1] if not c.status(SC + 'scrape')[0] else 'ok'} |")
        if size:
            w.append(f"\nThat scrape is {size['bytes']:,} bytes ({size['bytes'] / 1024:,.0f} KiB) in"
                     f" {size['series']:,} series.")
    w.append("")

    if srv:
        data = srv["data"]
        w.append("### Whole server\n")
        w.append(f"`infersight demo` (the CLI jar, a child JVM, traffic generator off, healthy scenario) under"
                 f" `io.infersight.benchmarks.server.ServerLoad`: {data['workers']} closed-loop keep-alive"
                 f" connections on loopback, {data['warmupSeconds']:.0f} s warm-up and {data['measureSeconds']:.0f} s"
                 f" measured per run, a fresh server per run, instrumented (`--observer default`) and"
                 f" `--observer noop` interleaved. Load generator and server share the machine. {a.server_command}\n")
        w.append("| run | observer | requests ok | errors | req/s | p50 | p99 | p99.9 |")
        w.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for i, x in enumerate(srv["runs"]):
            w.append(f"| {i + 1} (pair {x['pair'] + 1}) | {x['observer']} | {x['ok']:,} | {x['errors']:,} |"
                     f" {x['throughput']:,.0f} | {x['p50Micros']:,.0f} us | {x['p99Micros']:,.0f} us |"
                     f" {x['p999Micros']:,.0f} us |")
        w.append("")
    return w


ANALYSIS = "## Analysis of the run above"


def kept_analysis(path):
    """The hand-written part of the file being replaced: everything from ANALYSIS on, or ''."""
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    at = text.find("\n" + ANALYSIS + "\n")
    if at < 0:
        return text if text.startswith(ANALYSIS + "\n") else ""
    return text[at + 1:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", required=True)
    ap.add_argument("--log")
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default="benchmarks/run.sh")
    ap.add_argument("--started", default="")
    ap.add_argument("--finished", default="", help="when JMH ended (default: now)")
    ap.add_argument("--commit", default="", help="commit benchmarked (default: git HEAD now)")
    ap.add_argument("--load", default="", help="load average when JMH ended (default: now)")
    ap.add_argument("--server", help="ServerLoad's JSON (the whole-server runs)")
    ap.add_argument("--server-command", default="", help="how the server load was run")
    a = ap.parse_args()
    r = Results(load(a.json))
    chk = checks(a.log)
    srv = server_summary(a.server)
    m = machine()
    m["commit"] = a.commit or m["commit"]
    m["load"] = a.load or m["load"]
    finished = a.finished or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    first = next(iter(r.data.values()), {})
    w = []
    w.append("# Benchmark results\n")
    w.append("Written by `benchmarks/report.py` from one run of `benchmarks/run.sh` (JMH 1.37, `-prof gc`)."
             " Each benchmark runs beside its hand-written baseline in the same run; compare ratios,"
             " not absolute times: the machine is a small VM shared with other work.\n")
    w.append("## Machine and command\n")
    w.append(f"- CPU: {m['cpu']}, nproc {m['nproc']}, kernel {m['kernel']}, clocksource `{m['clock']}`")
    w.append(f"- JDK: `{' / '.join(m['java'].splitlines())}`")
    w.append(f"- Commit: `{m['commit']}` (plus the working tree); JMH started {a.started or 'n/a'},"
             f" ended {finished}; load average when it ended: {m['load']}")
    w.append(f"- Forks {first.get('forks')}; command:\n\n```\n{a.command}\n```\n")
    w.append("Time = median of all measurement iterations of all forks (ns/op, or ops/us for"
             " throughput); mean ± 99.9% error is JMH's. B/op = `gc.alloc.rate.norm`.\n")

    w.extend(lead(r, chk, srv, a))

    w.append("## Module goals\n")
    w.append("| figure | goal | measured | holds | why, where missed |")
    w.append("| --- | --- | --- | --- | --- |")
    for fig, goal, meas, ok, why in goals(r):
        w.append(f"| {fig} | {goal} | {meas} | {'yes' if ok else '**MISSED**'} | {why if not ok else ''} |")
    w.append("")

    w.append("## Every benchmark beside its baseline\n")
    w.append("| benchmark | mode | time | mean ± err | B/op | baseline | baseline time | baseline B/op | time ratio | B/op diff |")
    w.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    baseline_of = {}
    for b, base in PAIRS:
        baseline_of.setdefault(b, []).append(base)
    for (name, mode), res in sorted(r.data.items()):
        if mode == "sample":
            continue
        unit = res["unit"]
        err = res.get("error")
        mean = f"{res['mean']:,.1f}" + (f" ± {err:,.1f}" if isinstance(err, float) and err == err else "")
        for base in baseline_of.get(name, [None]):
            br = r.get(base) if base else None
            bt = br["median"] if br else None
            bb = br["bop"] if br else None
            diff = None if res["bop"] is None or bb is None else res["bop"] - bb
            w.append(f"| {name} | {mode} | {fmt_t(res['median'], unit)} | {mean} | {fmt_b(res['bop'])} |"
                     f" {base or '—'} | {fmt_t(bt, unit) if base else ''} | {fmt_b(bb) if base else ''} |"
                     f" {fmt_r(ratio(res['median'], bt)) if base else ''} |"
                     f" {(f'{diff:+,.0f} B') if diff is not None else ''} |")
    pi, pa, pc = r.t(L + "pacedInfersightSampledIn"), r.t(L + "pacedHandWrittenAsync"), r.t(L + "pacing")
    if None not in (pi, pa, pc):
        w.append(f"| logging: paced Infersight minus pacing | derived | {fmt_t(pi - pc)} | | |"
                 f" paced logback async minus pacing | {fmt_t(pa - pc)} | | {fmt_r(ratio(pi - pc, pa - pc))} | |")
    w.append("")

    samples = sorted((n, res) for (n, mode), res in r.data.items() if mode == "sample")
    if samples:
        w.append("## Per-request latency (sample time)\n")
        w.append("| benchmark | p50 | p90 | p99 | p99.9 | B/op | p50 ratio | p99 ratio |")
        w.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for n, res in samples:
            base = next((b for x, b in PAIRS if x == n), None)
            br = r.get(base, "sample") if base else None
            w.append(f"| {n} | {fmt_t(res['median'])} | {fmt_t(res['p90'])} | {fmt_t(res['p99'])} |"
                     f" {fmt_t(res['p999'])} | {fmt_b(res['bop'])} |"
                     f" {fmt_r(ratio(res['median'], br['median'])) if br else ''} |"
                     f" {fmt_r(ratio(res['p99'], br['p99'])) if br else ''} |")
        w.append("")

    d = deliveries(a.log)
    if d:
        w.append("## Delivery (printed by each fork at tear-down)\n")
        w.append("Lines that reached the JSON encoder and spans that reached the exporter, per fork:"
                 " an async writer that falls behind drops, which changes what its caller pays.\n")
        w.append("```")
        w.extend(f"{b}: {line}" for b, line in d)
        w.append("```\n")

    text = "\n".join(w) + "\n"
    analysis = kept_analysis(a.out)
    if analysis:
        text += analysis
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
