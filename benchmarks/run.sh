#!/usr/bin/env bash
# Runs the Infersight JMH suite and writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh                 # build, full run (~20 min on 2 cores), RESULTS.md
#   INFERSIGHT_BENCH_QUICK=1 benchmarks/run.sh      # smoke run (~3 min), target/RESULTS-quick.md
#   benchmarks/run.sh 'suite\..*' 'drift\..*'       # only these benchmarks (JMH regexps)
#
# Environment:
#   INFERSIGHT_BENCH_QUICK=1       one fork, short iterations; writes benchmarks/target/RESULTS-quick.md
#   INFERSIGHT_BENCH_SKIP_BUILD=1  use the benchmarks.jar already built
#   INFERSIGHT_BENCH_JMH_ARGS      extra JMH arguments (for example '-prof stack')
#   MVN_ARGS                       extra Maven arguments (for example -o)
#   CC                             C compiler of the stand-in NVML (default gcc)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"
cd "$root"

if [[ "${INFERSIGHT_BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  echo ">> building (mvn -q -B -DskipTests install)"
  # shellcheck disable=SC2086
  mvn -q -B -DskipTests ${MVN_ARGS:-} install
fi
jar="$target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "missing $jar: build first (unset INFERSIGHT_BENCH_SKIP_BUILD)" >&2; exit 1; }

# The stand-in libnvidia-ml of the sdk-gpu tests, for GpuPollBenchmark (skipped without a compiler).
mkdir -p "$target/nvml-stub"
stub="$target/nvml-stub/libnvidia-ml.so.1"
if "${CC:-gcc}" -shared -fPIC -O2 -o "$stub" sdk-gpu/src/test/native/nvml_stub.c -lpthread; then
  export INFERSIGHT_BENCH_NVML_STUB="$stub"
else
  echo "!! ${CC:-gcc} could not build the stand-in NVML; GpuPollBenchmark will try on its own" >&2
fi

if [[ "${INFERSIGHT_BENCH_QUICK:-0}" == "1" ]]; then
  timing=(-f 1 -wi 1 -w 300ms -i 2 -r 500ms)
  results="$target/RESULTS-quick.md"
  suffix="-quick"
else
  suffix=""
  # 2 forks x (4 x 1 s warm-up + 6 x 1 s measurement): ~25 s a benchmark, 43 runs, ~20 min.
  timing=(-f 2 -wi 4 -w 1s -i 6 -r 1s)
  results="$here/RESULTS.md"
fi
json="$target/jmh-result${suffix}.json"
log="$target/jmh${suffix}.log"
# shellcheck disable=SC2206
extra=(${INFERSIGHT_BENCH_JMH_ARGS:-})
cmd=(java -jar "$jar" "${timing[@]}" -prof gc -rf json -rff "$json" "${extra[@]}" "$@")
echo ">> ${cmd[*]}"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
"${cmd[@]}" 2>&1 | tee "$log"
finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

python3 "$here/report.py" --json "$json" --log "$log" --out "$results" \
  --command "benchmarks/run.sh $* (${cmd[*]#"$root/"})" --started "$started" \
  --finished "$finished" --commit "$commit" --load "$load"
echo ">> wrote $results"
