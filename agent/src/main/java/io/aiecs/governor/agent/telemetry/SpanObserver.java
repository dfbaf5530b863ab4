package io.aiecs.governor.agent.telemetry;

import static io.aiecs.governor.agent.telemetry.TelemetryNames.ERROR_TYPE;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.LIMIT;
import static io.aiecs.governor.agent.telemetry.TelemetryNames.OUTCOME;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.limits.Admission;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSite;
import io.aiecs.governor.agent.runtime.GovernedCall;
import io.aiecs.governor.agent.telemetry.TelemetryNames.Outcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One span per governed call, made when the call ends with its real start and end times (so nothing is held
 * while it runs): named {@code "<operation> <model>"} like the OpenTelemetry agent's, kind CLIENT, with the
 * GenAI attributes, the usage, and an {@code aiecs.governor.admission} event at the moment of the decision.
 * A refused call gets a span too, in error, with the decision as its event.
 *
 * <p>When the application already has a current, recording span of its own on the calling thread (its own
 * OpenTelemetry, or the OpenTelemetry Java agent's, see {@link HostSpans}), the decision becomes an
 * {@code aiecs.governor.admission} event on that span instead, and the governor makes no span of its own for
 * the call: the call is then part of the application's trace, and a second, unconnected span would only
 * duplicate it. The governor's own spans are roots of their own traces (its OpenTelemetry is relocated).
 */
final class SpanObserver implements CallObserver {
  static final String ADMISSION_EVENT = "aiecs.governor.admission";
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Double> WAIT_SECONDS = AttributeKey.doubleKey("aiecs.governor.wait.seconds");
  /** {@link GovernedCall#observerMark()} of a call whose decision went onto the application's span. */
  static final int ON_HOST_SPAN = 1;
  private static final double NANOS_PER_SECOND = 1e9;

  private final Tracer tracer;
  private final MetricsObserver attributes;
  private final HostSpans hostSpans;
  private final LongSupplier nanoTime;
  private final long epochOffsetNanos;

  /**
   * @param nanoTime the clock the governor stamps calls with; {@code epochNanos} read at the same moment maps it
   *                 to wall-clock time
   */
  SpanObserver(Tracer tracer, MetricsObserver attributes, HostSpans hostSpans, LongSupplier nanoTime,
               long epochNanos) {
    this.tracer = tracer;
    this.attributes = attributes;
    this.hostSpans = hostSpans;
    this.nanoTime = nanoTime;
    this.epochOffsetNanos = epochNanos - nanoTime.getAsLong();
  }

  /** On the calling thread, where the application's current span is: the decision goes there if it has one. */
  @Override
  public void admitted(GovernedCall call) {
    int admission = call.admission();
    Outcome outcome = MetricsObserver.admission(admission);
    Limit limit = decidingLimit(outcome, admission);
    if (hostSpans.addEvent(call.client(), ADMISSION_EVENT, call.agentId(), outcome.value(),
        limit == null ? null : TelemetryNames.limitValue(limit, Admission.process(admission)),
        call.waitNanos() / NANOS_PER_SECOND)) {
      call.observerMark(ON_HOST_SPAN);
    }
    // otherwise the span is made at completion, with the call's own times
  }

  @Override
  public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
    Outcome outcome = attributes.refusal(agentId);
    String limit = TelemetryNames.limitValue(decision.limit(), MetricsObserver.refusedByProcess(agentId, decision));
    if (hostSpans.addEvent(null, ADMISSION_EVENT, agentId, outcome.value(), limit, waitNanos / NANOS_PER_SECOND)) {
      return;
    }
    long end = nanoTime.getAsLong();
    Span span = tracer.spanBuilder(site.semantics().operationName())
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(epoch(end - waitNanos), TimeUnit.NANOSECONDS)
        .setAttribute(TelemetryNames.OPERATION_NAME, site.semantics().operationName())
        .setAttribute(TelemetryNames.PROVIDER_NAME, site.semantics().providerName())
        .setAttribute(TelemetryNames.AGENT_ID, agentId)
        .setAttribute(ERROR_TYPE, decision.getClass().getName())
        .startSpan();
    span.addEvent(ADMISSION_EVENT, decisionAttributes(outcome, limit, waitNanos), epoch(end), TimeUnit.NANOSECONDS);
    span.setStatus(StatusCode.ERROR, "refused by the governor: " + limit);
    span.end(epoch(end), TimeUnit.NANOSECONDS);
  }

  @Override
  public void completed(GovernedCall call) {
    if (call.observerMark() == ON_HOST_SPAN) {
      return; // recorded on the application's span
    }
    CallAttributes a = attributes.attributesOf(call);
    String model = a.requestModel != null ? a.requestModel : a.responseModel;
    String operation = call.site().semantics().operationName();
    Span span = tracer.spanBuilder(model == null ? operation : operation + " " + model)
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(epoch(call.startNanos()), TimeUnit.NANOSECONDS)
        .setAllAttributes(a.genAi)
        .startSpan();
    int admission = call.admission();
    Outcome outcome = MetricsObserver.admission(admission);
    Limit limit = decidingLimit(outcome, admission);
    span.addEvent(ADMISSION_EVENT,
        decisionAttributes(outcome, limit == null ? null : TelemetryNames.limitValue(limit,
            Admission.process(admission)), call.waitNanos()),
        epoch(call.startNanos() + call.waitNanos()), TimeUnit.NANOSECONDS);
    if (call.inputTokens() >= 0) {
      span.setAttribute(INPUT_TOKENS, call.inputTokens());
    }
    if (call.outputTokens() >= 0) {
      span.setAttribute(OUTPUT_TOKENS, call.outputTokens());
    }
    if (call.error() != null) {
      span.setAttribute(ERROR_TYPE, call.error().getClass().getName());
      span.setStatus(StatusCode.ERROR); // no message: it could quote the request
    }
    span.end(epoch(call.endNanos()), TimeUnit.NANOSECONDS);
  }

  /** The limit that made an admitted call wait or throttled it; none when it was admitted at once. */
  private static Limit decidingLimit(Outcome outcome, int admission) {
    return outcome == Outcome.ADMITTED ? null : Admission.limit(admission);
  }

  private static Attributes decisionAttributes(Outcome outcome, String limit, long waitNanos) {
    AttributesBuilder b = Attributes.builder().put(OUTCOME, outcome.value())
        .put(WAIT_SECONDS, waitNanos / NANOS_PER_SECOND);
    if (limit != null) {
      b.put(LIMIT, limit);
    }
    return b.build();
  }

  private long epoch(long nanoTime) {
    return nanoTime + epochOffsetNanos;
  }
}
