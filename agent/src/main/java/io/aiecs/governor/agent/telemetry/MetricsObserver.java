package io.aiecs.governor.agent.telemetry;

import static io.aiecs.governor.agent.telemetry.TelemetryNames.ERROR_TYPE;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.ResourceStatus;
import io.aiecs.governor.agent.limits.Admission;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSemantics;
import io.aiecs.governor.agent.runtime.CallSite;
import io.aiecs.governor.agent.runtime.GovernedCall;
import io.aiecs.governor.agent.telemetry.TelemetryNames.Outcome;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records what the governor sees and decides as OpenTelemetry metrics: the GenAI semantic-convention
 * histograms of each completed call, and the governor's own {@code aiecs.governor.*} counters, histograms and
 * (read from the limiters at collection time) gauges. See {@link TelemetryNames} for the names.
 */
final class MetricsObserver implements CallObserver {
  private static final double NANOS_PER_SECOND = 1e9;

  private final boolean genAiMetrics;
  private final Map<String, AgentLimiter> limiters;
  private final Map<String, AgentAttributes> agents = new LinkedHashMap<>();
  private final CallAttributesCache attributes = new CallAttributesCache(256);

  private final LongHistogram tokenUsage;
  private final DoubleHistogram operationDuration;
  private final LongCounter admissions;
  private final DoubleHistogram waitDuration;
  private final LongCounter wouldReject;
  private final LongCounter tokens;
  private final LongCounter toolCalls;
  private final ToolAttributes toolAttributes = new ToolAttributes();

  MetricsObserver(Meter meter, Map<String, AgentLimiter> limiters, boolean genAiMetrics) {
    this.genAiMetrics = genAiMetrics;
    this.limiters = limiters;
    limiters.keySet().forEach(id -> agents.put(id, new AgentAttributes(id)));

    tokenUsage = meter.histogramBuilder(TelemetryNames.TOKEN_USAGE).ofLongs()
        .setUnit("{token}")
        .setDescription("Measures number of input and output tokens used")
        .setExplicitBucketBoundariesAdvice(TelemetryNames.TOKEN_BUCKETS)
        .build();
    operationDuration = meter.histogramBuilder(TelemetryNames.OPERATION_DURATION)
        .setUnit("s")
        .setDescription("GenAI operation duration")
        .setExplicitBucketBoundariesAdvice(TelemetryNames.DURATION_BUCKETS)
        .build();
    admissions = meter.counterBuilder(TelemetryNames.ADMISSIONS)
        .setUnit("{call}")
        .setDescription("Admission decisions on governed calls, by outcome and by the limit that decided")
        .build();
    waitDuration = meter.histogramBuilder(TelemetryNames.WAIT_DURATION)
        .setUnit("s")
        .setDescription("Time a governed call waited for admission (0 when admitted at once)")
        .setExplicitBucketBoundariesAdvice(TelemetryNames.WAIT_BUCKETS)
        .build();
    wouldReject = meter.counterBuilder(TelemetryNames.WOULD_REJECT)
        .setUnit("{call}")
        .setDescription("Monitor mode: calls let through that enforcement would have refused")
        .build();
    tokens = meter.counterBuilder(TelemetryNames.TOKENS)
        .setUnit("{token}")
        .setDescription("Tokens the provider reported, by type; cached is part of input, reasoning part of output")
        .build();

    toolCalls = meter.counterBuilder(TelemetryNames.TOOL_CALLS)
        .setUnit("{call}")
        .setDescription("Governed tool executions, by tool and admission outcome")
        .build();

    meter.upDownCounterBuilder(TelemetryNames.TASKS_ACTIVE).setUnit("{task}")
        .setDescription("Governed calls running now")
        .buildWithCallback(m -> observe(m, Gauge.ACTIVE));
    meter.upDownCounterBuilder(TelemetryNames.TASKS_WAITING).setUnit("{task}")
        .setDescription("Governed calls waiting for admission now")
        .buildWithCallback(m -> observe(m, Gauge.WAITING));
    meter.gaugeBuilder(TelemetryNames.TASKS_LIMIT).ofLongs().setUnit("{task}")
        .setDescription("The agent's max-concurrent-tasks (agents without the limit report nothing)")
        .buildWithCallback(m -> observe(m, Gauge.TASK_LIMIT));
    meter.gaugeBuilder(TelemetryNames.TOKENS_REMAINING).ofLongs().setUnit("{token}")
        .setDescription("Tokens left in the agent's budget per window; negative while in debt")
        .buildWithCallback(m -> observe(m, Gauge.TOKENS_LEFT));
    meter.gaugeBuilder(TelemetryNames.TOKENS_LIMIT).ofLongs().setUnit("{token}")
        .setDescription("The agent's token limit per window (max-tokens-per-minute, max-tokens-per-hour)")
        .buildWithCallback(m -> observe(m, Gauge.TOKEN_LIMIT));
    meter.gaugeBuilder(TelemetryNames.TOOL_CALLS_REMAINING).ofLongs().setUnit("{call}")
        .setDescription("Tool executions left in the agent's budget per window")
        .buildWithCallback(m -> observe(m, Gauge.TOOL_CALLS_LEFT));
    meter.gaugeBuilder(TelemetryNames.MEMORY_USED).ofLongs().setUnit("By")
        .setDescription("Heap in use after the last GC, as the agent's max-memory-mb compares it (agents with"
            + " that limit only)")
        .buildWithCallback(m -> observe(m, Gauge.MEMORY_USED));
    meter.gaugeBuilder(TelemetryNames.MEMORY_LIMIT).ofLongs().setUnit("By")
        .setDescription("The agent's max-memory-mb, in bytes")
        .buildWithCallback(m -> observe(m, Gauge.MEMORY_LIMIT));
  }

  @Override
  public void admitted(GovernedCall call) {
    AgentAttributes agent = agent(call.agentId());
    int admission = call.admission();
    Outcome outcome = admission(admission);
    admissions.add(1, agent.decision(outcome, null)); // which limit made it wait is not recorded by the limiter
    waitDuration.record(call.waitNanos() / NANOS_PER_SECOND, agent.wait(outcome));
    if (Admission.wouldReject(admission)) {
      wouldReject.add(1, agent.wouldReject(null)); // the limiter does not say which limit would have refused
    }
  }

  @Override
  public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
    AgentAttributes agent = agent(agentId);
    Outcome outcome = refusal(agentId);
    admissions.add(1, agent.decision(outcome, decision.limit()));
    waitDuration.record(waitNanos / NANOS_PER_SECOND, agent.wait(outcome));
  }

  @Override
  public void completed(GovernedCall call) {
    CallAttributes a = attributesOf(call);
    if (genAiMetrics) {
      long wireNanos = call.endNanos() - call.startNanos() - call.waitNanos();
      Attributes durationAttributes = call.error() == null ? a.genAi
          : a.genAi.toBuilder().put(ERROR_TYPE, call.error().getClass().getName()).build();
      operationDuration.record(Math.max(0, wireNanos) / NANOS_PER_SECOND, durationAttributes);
      if (call.inputTokens() >= 0) {
        tokenUsage.record(call.inputTokens(), estimated(call, a.inputTokens));
      }
      if (call.outputTokens() >= 0) {
        tokenUsage.record(call.outputTokens(), estimated(call, a.outputTokens));
      }
    }
    addIfReported(call.inputTokens(), estimated(call, a.governorInput));
    addIfReported(call.outputTokens(), estimated(call, a.governorOutput));
    addIfReported(call.cachedTokens(), a.governorCached);
    addIfReported(call.reasoningTokens(), a.governorReasoning);
  }

  @Override
  public void toolCallAdmitted(String agentId, String type, String method, int admission) {
    toolCalls.add(1, toolAttributes.get(agentId, type, method, admission(admission)));
  }

  @Override
  public void toolCallRejected(String agentId, String type, String method, ResourceLimitExceededException decision) {
    toolCalls.add(1, toolAttributes.get(agentId, type, method, refusal(agentId)));
  }

  /** How a call was let through, from its {@link Admission} flags. */
  static Outcome admission(int admission) {
    return Admission.throttled(admission) ? Outcome.THROTTLED
        : Admission.waited(admission) ? Outcome.WAITED : Outcome.ADMITTED;
  }

  /** How the agent refuses: reject mode at once; wait mode only when the wait timeout is (or would be) passed. */
  Outcome refusal(String agentId) {
    AgentLimiter limiter = limiters.get(agentId);
    return limiter != null && !limiter.limits().rejectOnLimit() ? Outcome.TIMED_OUT : Outcome.REJECTED;
  }

  /** The attribute sets of a call, from the facts its site says where to find. */
  CallAttributes attributesOf(GovernedCall call) {
    CallSite site = call.site();
    CallSemantics s = site.semantics();
    return attributes.get(site, call.agentId(), s.requestModel().read(call.request()),
        s.responseModel().read(call.result()), s.serverUrl().read(call.client()));
  }

  /** The attributes, marked when the counts were estimated (a stream that reported no usage: rare, not cached). */
  private static Attributes estimated(GovernedCall call, Attributes attributes) {
    return call.usageEstimated() ? attributes.toBuilder().put(TelemetryNames.USAGE_ESTIMATED, true).build() : attributes;
  }

  private void addIfReported(long count, Attributes attributes) {
    if (count > 0) {
      tokens.add(count, attributes);
    }
  }

  private AgentAttributes agent(String agentId) {
    AgentAttributes a = agents.get(agentId);
    return a != null ? a : new AgentAttributes(agentId); // agents are fixed at start; this is a safety net
  }

  private enum Gauge { ACTIVE, WAITING, TASK_LIMIT, TOKENS_LEFT, TOKEN_LIMIT, TOOL_CALLS_LEFT, MEMORY_USED,
    MEMORY_LIMIT }

  private static final long BYTES_PER_MB = 1024L * 1024;

  private void observe(ObservableLongMeasurement m, Gauge gauge) {
    limiters.forEach((id, limiter) -> {
      AgentAttributes a = agents.get(id);
      switch (gauge) {
        case ACTIVE -> m.record(limiter.status().activeTasks(), a.agent);
        case WAITING -> m.record(limiter.status().waitingTasks(), a.agent);
        case TASK_LIMIT -> {
          if (limiter.limits().maxConcurrentTasks() > 0) {
            m.record(limiter.limits().maxConcurrentTasks(), a.agent);
          }
        }
        case TOKENS_LEFT -> {
          ResourceStatus s = limiter.status();
          if (limiter.limits().maxTokensPerMinute() > 0) {
            m.record(s.tokensLeftPerMinute(), a.minuteWindow);
          }
          if (limiter.limits().maxTokensPerHour() > 0) {
            m.record(s.tokensLeftPerHour(), a.hourWindow);
          }
        }
        case TOKEN_LIMIT -> {
          if (limiter.limits().maxTokensPerMinute() > 0) {
            m.record(limiter.limits().maxTokensPerMinute(), a.minuteWindow);
          }
          if (limiter.limits().maxTokensPerHour() > 0) {
            m.record(limiter.limits().maxTokensPerHour(), a.hourWindow);
          }
        }
        case TOOL_CALLS_LEFT -> {
          ResourceStatus s = limiter.status();
          if (limiter.limits().maxToolCallsPerMinute() > 0) {
            m.record(s.toolCallsLeftPerMinute(), a.minuteWindow);
          }
          if (limiter.limits().maxToolCallsPerHour() > 0) {
            m.record(s.toolCallsLeftPerHour(), a.hourWindow);
          }
        }
        case MEMORY_USED -> {
          long usedMb = limiter.status().memoryUsedMb();
          if (limiter.limits().maxMemoryMb() > 0 && usedMb >= 0) {
            m.record(usedMb * BYTES_PER_MB, a.agent);
          }
        }
        case MEMORY_LIMIT -> {
          if (limiter.limits().maxMemoryMb() > 0) {
            m.record(limiter.limits().maxMemoryMb() * BYTES_PER_MB, a.agent);
          }
        }
      }
    });
  }
}
