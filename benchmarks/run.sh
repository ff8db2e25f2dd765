#!/usr/bin/env bash
# Runs the Infersight JMH suite and the whole-server load, and writes benchmarks/RESULTS.md.
# The tables are replaced; RESULTS.md's hand-written part, from "## Analysis of the run above"
# to the end, is kept (report.py).
#
#   benchmarks/run.sh                 # build, full run (~20 min on 2 cores), RESULTS.md
#   INFERSIGHT_BENCH_QUICK=1 benchmarks/run.sh      # smoke run (~8 min), target/RESULTS-quick.md
#   benchmarks/run.sh 'suite\..*' 'drift\..*'       # only these benchmarks (JMH regexps), no server load
#
# Environment:
#   INFERSIGHT_BENCH_QUICK=1       one fork, short iterations, one server pair; writes target/RESULTS-quick.md
#   INFERSIGHT_BENCH_SKIP_BUILD=1  use the jars already built (benchmarks.jar, cli/target/infersight.jar)
#   INFERSIGHT_BENCH_JMH_ARGS      extra JMH arguments (for example '-prof stack')
#   INFERSIGHT_BENCH_JAVA_OPTS     JVM options of the JMH runner (for example -Djmh.ignoreLock=true)
#   INFERSIGHT_BENCH_SERVER        1: run the whole-server load even with benchmark regexps; 0: never
#   INFERSIGHT_BENCH_SERVER_PAIRS  interleaved instrumented/no-op server runs (default 3; quick 1)
#   MVN_ARGS                       extra Maven arguments (for example -o)
#   CC                             C compiler of the stand-in NVML (default gcc)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"
cd "$root"

if [[ "${INFERSIGHT_BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # package, never install: the jars stay in the tree (cli's is the server of the whole-server load).
  echo ">> building (mvn -q -B -DskipTests -pl benchmarks,cli -am package)"
  # shellcheck disable=SC2086
  mvn -q -B -DskipTests ${MVN_ARGS:-} -pl benchmarks,cli -am package
fi
jar="$target/benchmarks.jar"
cli_jar="$root/cli/target/infersight.jar"
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
  server=(-Dinfersight.bench.server.pairs="${INFERSIGHT_BENCH_SERVER_PAIRS:-1}"
    -Dinfersight.bench.server.warmup=3s -Dinfersight.bench.server.measure=5s)
  results="$target/RESULTS-quick.md"
  suffix="-quick"
else
  suffix=""
  # 1 fork x (2 x 1 s warm-up + 5 x 1 s measurement): ~15 s a benchmark with the fork's start
  # and set-up on a busy 2-core machine, 65 runs, ~16 min; the server load adds ~4 min.
  timing=(-f 1 -wi 2 -w 1s -i 5 -r 1s)
  server=(-Dinfersight.bench.server.pairs="${INFERSIGHT_BENCH_SERVER_PAIRS:-3}"
    -Dinfersight.bench.server.warmup=8s -Dinfersight.bench.server.measure=15s)
  results="$here/RESULTS.md"
fi
json="$target/jmh-result${suffix}.json"
log="$target/jmh${suffix}.log"
server_json="$target/server-load${suffix}.json"
# shellcheck disable=SC2206
extra=(${INFERSIGHT_BENCH_JMH_ARGS:-})
# shellcheck disable=SC2206
java_opts=(${INFERSIGHT_BENCH_JAVA_OPTS:-})
cmd=(java "${java_opts[@]}" -jar "$jar" "${timing[@]}" -prof gc -rf json -rff "$json" "${extra[@]}" "$@")
echo ">> ${cmd[*]}"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
"${cmd[@]}" 2>&1 | tee "$log"
finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

# The whole server: the demo's /predict at saturation, instrumented vs --observer noop.
run_server="${INFERSIGHT_BENCH_SERVER:-}"
if [[ -z "$run_server" ]]; then
  run_server=$([[ $# -eq 0 ]] && echo 1 || echo 0)
fi
server_args=()
server_cmd=""
if [[ "$run_server" == "1" ]]; then
  rm -f "$server_json"
  scmd=(java "${server[@]}" -Dinfersight.bench.server.cliJar="$cli_jar"
    -Dinfersight.bench.server.out="$server_json" -cp "$jar" io.infersight.benchmarks.server.ServerLoad)
  echo ">> ${scmd[*]}"
  "${scmd[@]}" 2>&1 | tee "$target/server-load${suffix}.log"
  server_cmd="Command: \`${scmd[*]//"$root/"/}\`"
  server_args=(--server "$server_json" --server-command "$server_cmd")
fi

python3 "$here/report.py" --json "$json" --log "$log" --out "$results" \
  --command "benchmarks/run.sh $* (${cmd[*]//"$root/"/})" --started "$started" \
  --finished "$finished" --commit "$commit" --load "$load" "${server_args[@]}"
echo ">> wrote $results"
