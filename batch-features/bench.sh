#!/usr/bin/env bash
# Batch benchmarks (docs/benchmarks.md, "Batch"): builds with the reactor (no install), then runs
# RecomputeBenchmark with Spark's JVM flags; extra arguments are JVM options, e.g. -Dbench.events=1000000.
# With "jmh" first, runs the JMH benchmarks of the test sources instead; the rest are JMH's arguments,
# e.g. batch-features/bench.sh jmh ScanBenchmark -f 2. BENCH=TableExtensionBenchmark (or TrainingSetBenchmark) runs that main instead
# of RecomputeBenchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -o -B -q -pl batch-features -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/batch-features/target/bench.classpath" -Dmdep.includeScope=test
SPARK_FLAGS="$(sed -n 's:.*<spark.argLine>\(.*\)</spark.argLine>.*:\1:p' batch-features/pom.xml)"
cd batch-features
CLASSPATH="target/test-classes:target/classes:$(cat target/bench.classpath)"
export CLASSPATH SPARK_LOCAL_IP=127.0.0.1
if [[ "${1:-}" == jmh ]]; then
    shift
    # shellcheck disable=SC2086
    exec java $SPARK_FLAGS org.openjdk.jmh.Main -jvmArgsPrepend "$SPARK_FLAGS" "$@"
fi
# The heap is committed and touched up front, as docs/operations.md advises for batch JVMs: a page the JVM
# touches for the first time costs a page fault: 5.8% of the tasks' samples, and up to half in some seconds.
# shellcheck disable=SC2086
exec java -Xms8g -Xmx8g -XX:+AlwaysPreTouch $SPARK_FLAGS "$@" "dev.lockstep.batch.bench.${BENCH:-RecomputeBenchmark}"
