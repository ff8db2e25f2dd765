#!/usr/bin/env bash
# Runs on a GPU host, from a bundle made by sdk-gpu/real-gpu/bundle.sh: RealDriverTest through
# the JUnit console (INFERSIGHT_REQUIRE_GPU=true, so a missing driver fails), then
# GpuPollBenchmark against the real libnvidia-ml.so.1 beside its raw-JNA baseline. Results go to
# $OUT (default ./out): host.txt, junit.txt, real-driver-report.txt, gpu-jmh.txt, gpu-jmh.json.
# Exit status: the JUnit run's, or JMH's when JUnit passed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
mkdir -p "$out"
java="$here/jre/bin/java"
library=${INFERSIGHT_NVML_LIBRARY:-libnvidia-ml.so.1}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kernel: $(uname -srm)"
  echo "cpus: $(nproc)"
  "$java" -version 2>&1 | sed 's/^/java: /'
  ldconfig -p 2>/dev/null | grep -E 'libnvidia-ml|libcuda\.so' || echo "ldconfig: no libnvidia-ml or libcuda in the cache"
  if command -v nvidia-smi >/dev/null; then nvidia-smi; else echo "nvidia-smi: not installed"; fi
} > "$out/host.txt" 2>&1

INFERSIGHT_REQUIRE_GPU=${INFERSIGHT_REQUIRE_GPU:-true} INFERSIGHT_GPU_REPORT="$out/real-driver-report.txt" \
  "$java" -cp "$here/junit-console.jar:$here/lib/*" org.junit.platform.console.ConsoleLauncher execute \
  --select-class io.infersight.gpu.RealDriverTest --details=tree --disable-banner \
  --reports-dir "$out/junit-xml" > "$out/junit.txt" 2>&1
junit=$?
echo "RealDriverTest: exit $junit (details in junit.txt)"

"$java" -cp "$here/jmh/*:$here/lib/*" org.openjdk.jmh.Main 'gpu.GpuPollBenchmark' \
  -prof gc -jvmArgsAppend "-Dinfersight.bench.nvml=$library" \
  -rf json -rff "$out/gpu-jmh.json" ${JMH_ARGS:-} > "$out/gpu-jmh.txt" 2>&1
jmh=$?
# JMH exits 0 even when every benchmark failed in its setup: count what it measured.
if [ "$jmh" -eq 0 ] && ! grep -q '"primaryMetric"' "$out/gpu-jmh.json" 2>/dev/null; then
  jmh=1
fi
echo "GpuPollBenchmark: exit $jmh"
tail -n 12 "$out/gpu-jmh.txt"
[ "$junit" -ne 0 ] && exit "$junit"
exit "$jmh"
