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
 * <p>The spans are roots of their own traces: the governor's OpenTelemetry is relocated and cannot see the
 * host's span context.
 */
final class SpanObserver implements CallObserver {
  static final String ADMISSION_EVENT = "aiecs.governor.admission";
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Double> WAIT_SECONDS = AttributeKey.doubleKey("aiecs.governor.wait.seconds");

  private final Tracer tracer;
  private final MetricsObserver attributes;
  private final LongSupplier nanoTime;
  private final long epochOffsetNanos;

  /**
   * @param nanoTime the clock the governor stamps calls with; {@code epochNanos} read at the same moment maps it
   *                 to wall-clock time
   */
  SpanObserver(Tracer tracer, MetricsObserver attributes, LongSupplier nanoTime, long epochNanos) {
    this.tracer = tracer;
    this.attributes = attributes;
    this.nanoTime = nanoTime;
    this.epochOffsetNanos = epochNanos - nanoTime.getAsLong();
  }

  @Override
  public void admitted(GovernedCall call) {
    // the span is made at completion, with the call's own times
  }

  @Override
  public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
    long end = nanoTime.getAsLong();
    Span span = tracer.spanBuilder(site.semantics().operationName())
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(epoch(end - waitNanos), TimeUnit.NANOSECONDS)
        .setAttribute(TelemetryNames.OPERATION_NAME, site.semantics().operationName())
        .setAttribute(TelemetryNames.PROVIDER_NAME, site.semantics().providerName())
        .setAttribute(TelemetryNames.AGENT_ID, agentId)
        .setAttribute(ERROR_TYPE, decision.getClass().getName())
        .startSpan();
    span.addEvent(ADMISSION_EVENT, decisionAttributes(attributes.refusal(agentId), decision.limit(), waitNanos),
        epoch(end), TimeUnit.NANOSECONDS);
    span.setStatus(StatusCode.ERROR, "refused by the governor: " + TelemetryNames.limitValue(decision.limit()));
    span.end(epoch(end), TimeUnit.NANOSECONDS);
  }

  @Override
  public void completed(GovernedCall call) {
    CallAttributes a = attributes.attributesOf(call);
    String model = a.requestModel != null ? a.requestModel : a.responseModel;
    String operation = call.site().semantics().operationName();
    Span span = tracer.spanBuilder(model == null ? operation : operation + " " + model)
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(epoch(call.startNanos()), TimeUnit.NANOSECONDS)
        .setAllAttributes(a.genAi)
        .startSpan();
    int admission = call.admission();
    span.addEvent(ADMISSION_EVENT,
        decisionAttributes(MetricsObserver.admission(admission), null, call.waitNanos()),
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

  private static Attributes decisionAttributes(Outcome outcome, Limit limit, long waitNanos) {
    AttributesBuilder b = Attributes.builder().put(OUTCOME, outcome.value()).put(WAIT_SECONDS, waitNanos / 1e9);
    if (limit != null) {
      b.put(LIMIT, TelemetryNames.limitValue(limit));
    }
    return b.build();
  }

  private long epoch(long nanoTime) {
    return nanoTime + epochOffsetNanos;
  }
}
