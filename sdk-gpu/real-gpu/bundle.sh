#!/usr/bin/env bash
# Packs what sdk-gpu needs to meet a real NVIDIA driver on a GPU host that has no JDK and no
# Maven: a jlinked Java runtime, the module's classes and test classes with their dependencies,
# the JUnit console launcher, and the GPU poll benchmark with JMH. Run from the repository root:
#
#   sdk-gpu/real-gpu/bundle.sh [OUT_DIR]      (default sdk-gpu/target/real-gpu)
#
# then copy OUT_DIR to the GPU host and run OUT_DIR/run.sh there. MVN_ARGS passes options to
# Maven (for example MVN_ARGS=-o once the dependencies are cached). JAVA_HOME must be a JDK
# with jmods (Debian: openjdk-17-jdk plus openjdk-17-jmods; Temurin has them).
set -euo pipefail

out=${1:-sdk-gpu/target/real-gpu}
mvn_args=${MVN_ARGS:-}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
if [ ! -d "$java_home/jmods" ]; then
  echo "bundle.sh: $java_home has no jmods/ directory; set JAVA_HOME to a JDK with jmods" >&2
  exit 2
fi

# shellcheck disable=SC2086
mvn -q -B $mvn_args -DskipTests -pl sdk-gpu,benchmarks -am install
rm -rf "$out"
mkdir -p "$out/lib" "$out/jmh"

# The module, its test classes (RealDriverTest) and their dependencies, but not JUnit's own
# jars (the console launcher below carries JUnit) nor Byte Buddy (9 MB, which AssertJ needs only
# for soft assertions): the bundle must stay small enough to copy to a GPU host.
cp sdk-gpu/target/infersight-gpu-*[0-9T].jar "$out/lib/"
"$java_home/bin/jar" cf "$out/lib/infersight-gpu-tests.jar" -C sdk-gpu/target/test-classes .
# shellcheck disable=SC2086
mvn -q -B $mvn_args -pl sdk-gpu dependency:copy-dependencies -DincludeScope=test \
  -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
  -DexcludeArtifactIds=byte-buddy \
  -DoutputDirectory="$PWD/$out/lib"
# JUnit 5.x.y ships platform 1.x.y; the version comes from the parent POM's property.
junit_platform=$(sed -n 's:.*<junit.version>5\.\(.*\)</junit.version>.*:1.\1:p' pom.xml)
# shellcheck disable=SC2086
mvn -q -B $mvn_args dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_platform" \
  -DoutputDirectory="$PWD/$out"
mv "$out"/junit-platform-console-standalone-*.jar "$out/junit-console.jar"

# JMH and the benchmark classes (their BenchmarkList included); only GpuPollBenchmark is run,
# so sdk-gpu's dependencies above are all it loads.
"$java_home/bin/jar" cf "$out/jmh/infersight-benchmarks.jar" -C benchmarks/target/classes .
# shellcheck disable=SC2086
mvn -q -B $mvn_args -pl benchmarks dependency:copy-dependencies \
  -DincludeArtifactIds=jmh-core,jopt-simple,commons-math3 -DoutputDirectory="$PWD/$out/jmh"

strip=()
if command -v objcopy >/dev/null; then
  strip=(--strip-native-debug-symbols="objcopy=$(command -v objcopy)")
fi
# java.management and jdk.management: JMH's -prof gc; jdk.unsupported: libraries that use Unsafe.
"$java_home/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,java.naming,java.xml,java.sql,jdk.unsupported \
  --strip-debug "${strip[@]}" --no-header-files --no-man-pages --compress=2 --output "$out/jre"

cp sdk-gpu/real-gpu/run.sh "$out/run.sh"
chmod +x "$out/run.sh"
du -sh "$out"
