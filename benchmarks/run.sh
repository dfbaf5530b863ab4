#!/usr/bin/env bash
# What the agent costs its host, measured. Not part of `mvn verify`: run it by hand (about 25 minutes for all).
#
#   benchmarks/run.sh [all|hotpath|startup|percall|footprint ...] [--quick]
#
# hotpath    JMH: admission + release + accounting at 1 and 8 threads, beside Resilience4j and Bucket4j, -prof gc
# startup    a small openai-java host making one call: no agent / aiecs-governor / OpenTelemetry agent / both, and
#            the floor: only the governor jar's OpenTelemetry SDK, built and flushed as the governor does
# percall    in one process, a governed and a plain copy of openai-java (exclude-class-loaders) in alternating
#            batches of 1,000 calls, plain and streamed, 4 processes, and the same without the agent as a control:
#            added µs per call (p50, p99, process CPU), medians of the paired differences with 95 % intervals
# footprint  jar sizes; live heap after 1,000 and 10,000 calls spread over 100 agents, without and with it
# profile    (not in all) where a start's CPU goes: the startup host 3 times per variant under async-profiler, CPU
#            by thread and by what the agent does (medians); collapsed stacks in benchmarks/target/results/
#
# --quick makes every run small (a smoke test of the harness; its numbers are not for publishing).
# BASELINE_JAR=/path/to/an/older/aiecs-governor.jar adds that build to the startup runs (before/after figures).
# Results: printed, and written to benchmarks/target/results/*.md (with the machine and its load average).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
which=()
for a in "$@"; do
  case "$a" in
    --quick) quick=true ;;
    *) which+=("$a") ;;
  esac
done
[ ${#which[@]} -eq 0 ] && which=(all)

mvn -B -q -DskipTests -Pbench-run package -pl benchmarks -am
B=benchmarks/target
driver_cp="$B/classes:$(cat "$B/driver.classpath")"
host_cp="$B/classes:$(cat "$B/host.classpath")"
mkdir -p "$B/results"

sizes=()
if $quick; then
  sizes=(-Dbench.runs=2 -Dbench.calls=2000 -Dbench.rounds=1 -Dbench.agents=20)
fi

run_hotpath() {
  java -cp "$driver_cp" io.aiecs.governor.bench.hotpath.HotPathRunner $($quick && echo quick) \
    | tee "$B/results/hotpath.log"
  sed -n '/^machine:/,$p' "$B/results/hotpath.log" > "$B/results/hotpath.md"
}

case "$(uname -m)" in
  aarch64|arm64) profiler_lib="$B/async-profiler/linux-arm64/libasyncProfiler.so" ;;
  *) profiler_lib="$B/async-profiler/linux-x64/libasyncProfiler.so" ;;
esac

run_process() {
  java "${sizes[@]}" -Dbench.governor.jar=agent/target/aiecs-governor.jar \
    -Dbench.asyncprofiler.lib="$profiler_lib" \
    ${BASELINE_JAR:+-Dbench.governor.baseline.jar="$BASELINE_JAR"} \
    -Dbench.otel.jar="$B/agents/opentelemetry-javaagent.jar" \
    -Dbench.floor.jar="$(ls "$B"/agents/*-sdk-floor-agent.jar)" \
    -Dbench.host.classpath="$host_cp" -Dbench.results="$B/results" \
    -cp "$driver_cp" io.aiecs.governor.bench.process.ProcessBenchmarks "$@"
}

for w in "${which[@]}"; do
  case "$w" in
    all) run_hotpath; run_process startup percall footprint ;;
    hotpath) run_hotpath ;;
    startup|percall|footprint|profile) run_process "$w" ;;
    *) echo "unknown benchmark '$w'" >&2; exit 2 ;;
  esac
done
