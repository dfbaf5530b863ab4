#!/usr/bin/env bash
# Builds aiecs-governor and its demo app, then runs the demo under the agent with per-agent limits:
#   research   (threads research-worker-*) 20,000 tokens/min, 2 concurrent calls (3 threads): waits, all succeed
#   summarizer (threads summarizer-*)      1 concurrent call (2 threads), wait mode: waits, all succeed
#   chatty     (threads chatty-*)          8,000 tokens/min, reject mode; wants ~80,000: gets rejections
# Extra arguments are passed to the JVM as options, after the defaults so they win, e.g.
#   ./run-demo.sh -Daiecs.governor.enforce-limits=false      (monitor mode: count, never refuse)
# DEMO_SKIP_BUILD=1 skips the Maven build. Metrics are not exported unless DEMO_METRICS_EXPORTER says how
# (otlp to a collector on localhost:4318, prometheus on :9464, logging to stderr).
set -euo pipefail
cd "$(dirname "$0")"

AGENT_JAR=agent/target/aiecs-governor.jar
DEMO_JAR=demo/target/aiecs-governor-demo.jar

if [[ "${DEMO_SKIP_BUILD:-}" != "1" ]]; then
  echo "building (mvn -B -q -DskipTests package) ..."
  mvn -B -q -Dstyle.color=never -DskipTests package
fi

agent_opts=()
if [[ -f "$AGENT_JAR" ]]; then
  agent_opts=("-javaagent:$AGENT_JAR")
else
  echo "WARNING: $AGENT_JAR not found; running the demo WITHOUT the governor (ungoverned baseline)" >&2
fi

exec java ${agent_opts[@]+"${agent_opts[@]}"} \
  -Daiecs.governor.agent.research.match.thread='research-worker-.*' \
  -Daiecs.governor.agent.research.max-tokens-per-minute=20000 \
  -Daiecs.governor.agent.research.max-concurrent-tasks=2 \
  -Daiecs.governor.agent.research.reject-on-limit=false \
  -Daiecs.governor.agent.research.resource-wait-timeout-seconds=10 \
  -Daiecs.governor.agent.summarizer.match.thread='summarizer-.*' \
  -Daiecs.governor.agent.summarizer.max-tokens-per-minute=20000 \
  -Daiecs.governor.agent.summarizer.max-concurrent-tasks=1 \
  -Daiecs.governor.agent.summarizer.reject-on-limit=false \
  -Daiecs.governor.agent.summarizer.resource-wait-timeout-seconds=10 \
  -Daiecs.governor.agent.chatty.match.thread='chatty-.*' \
  -Daiecs.governor.agent.chatty.max-tokens-per-minute=8000 \
  -Daiecs.governor.agent.chatty.reject-on-limit=true \
  -Daiecs.governor.otel.metrics.exporter="${DEMO_METRICS_EXPORTER:-none}" \
  "$@" \
  -jar "$DEMO_JAR"
