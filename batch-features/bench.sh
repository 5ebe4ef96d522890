#!/usr/bin/env bash
# Batch benchmarks (docs/benchmarks.md, "Batch"): builds with the reactor (no install), then runs
# RecomputeBenchmark with Spark's JVM flags. Extra arguments are JVM options, e.g. -Dbench.events=1000000.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -o -B -q -pl batch-features -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/batch-features/target/bench.classpath" -Dmdep.includeScope=test
SPARK_FLAGS="$(sed -n 's:.*<spark.argLine>\(.*\)</spark.argLine>.*:\1:p' batch-features/pom.xml)"
cd batch-features
# shellcheck disable=SC2086
SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx8g $SPARK_FLAGS "$@" \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.lockstep.batch.bench.RecomputeBenchmark
