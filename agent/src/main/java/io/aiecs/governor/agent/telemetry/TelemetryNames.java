package io.aiecs.governor.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Every metric name, attribute key and bucket layout the governor exports, in one place: the documentation,
 * the dashboard and their tests are checked against these. GenAI names, units and buckets are those of the
 * OpenTelemetry semantic conventions as the OpenTelemetry Java agent records them ({@code GenAiClientMetrics}).
 */
public final class TelemetryNames {
  /** Instrumentation scope of every metric and span. */
  public static final String SCOPE = "io.aiecs.governor";

  // GenAI semantic conventions
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** On token counts estimated from streamed text because the stream reported no usage; absent otherwise. */
  public static final AttributeKey<Boolean> USAGE_ESTIMATED = AttributeKey.booleanKey("aiecs.usage.estimated");
  public static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L);
  public static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
      2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  // The governor's own
  public static final String ADMISSIONS = "aiecs.governor.admissions";
  public static final String WAIT_DURATION = "aiecs.governor.wait.duration";
  public static final String WOULD_REJECT = "aiecs.governor.monitor.would_reject";
  public static final String TOKENS = "aiecs.governor.tokens";
  public static final String TASKS_ACTIVE = "aiecs.governor.tasks.active";
  public static final String TASKS_WAITING = "aiecs.governor.tasks.waiting";
  public static final String TASKS_LIMIT = "aiecs.governor.tasks.limit";
  public static final String TOKENS_REMAINING = "aiecs.governor.tokens.remaining";
  public static final String TOKENS_LIMIT = "aiecs.governor.tokens.limit";
  public static final String TOOL_CALLS = "aiecs.governor.tool_calls";
  public static final String TOOL_CALLS_REMAINING = "aiecs.governor.tool_calls.remaining";
  public static final String MEMORY_USED = "aiecs.governor.memory.used";
  public static final String MEMORY_LIMIT = "aiecs.governor.memory.limit";
  /** The tool a governed tool execution ran: {@code <class>#<method>} as configured in tool-methods. */
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  public static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("aiecs.agent.id");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("aiecs.governor.outcome");
  public static final AttributeKey<String> LIMIT = AttributeKey.stringKey("aiecs.governor.limit");
  public static final AttributeKey<String> WINDOW = AttributeKey.stringKey("aiecs.governor.window");
  /** Admission waits: most are zero or milliseconds, the longest end at the wait timeout (60 s by default). */
  public static final List<Double> WAIT_BUCKETS = List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
      2.5, 5.0, 10.0, 30.0, 60.0, 120.0);

  /** Values of {@link #OUTCOME}. */
  public enum Outcome {
    /** Let through at once. */
    ADMITTED,
    /** Let through after being spaced out by throttling (beyond {@code throttle-threshold}). */
    THROTTLED,
    /** Let through after waiting for capacity: a task slot, the token budget's refill, memory. */
    WAITED,
    /** Refused at once (reject-on-limit). */
    REJECTED,
    /** Refused after waiting, or because the wait could not end within the wait timeout. */
    TIMED_OUT;

    private final String value = name().toLowerCase(java.util.Locale.ROOT);

    public String value() {
      return value;
    }
  }

  private TelemetryNames() {}

  /** The value of {@link #LIMIT}: the limit's configuration key, e.g. {@code max-tokens-per-minute}. */
  public static String limitValue(io.aiecs.governor.Limit limit) {
    return limit.configKey();
  }
}
