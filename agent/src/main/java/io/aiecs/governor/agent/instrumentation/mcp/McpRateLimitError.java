package io.aiecs.governor.agent.instrumentation.mcp;

import io.aiecs.governor.ResourceLimitExceededException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MCP SDK's own {@code io.modelcontextprotocol.spec.McpError} for a refusal with {@code reject-as=client}:
 * JSON-RPC error code {@value #CODE} (implementation-defined server error; MCP defines no rate-limit code), the
 * governor's message, {@code data} naming the limit, the agent and the retry-after in milliseconds, and the
 * governor's decision as its cause. Built from the class loader of the client that made the call.
 */
final class McpRateLimitError {
  static final int CODE = -32000;

  private McpRateLimitError() {}

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      Class<?> type = Class.forName("io.modelcontextprotocol.spec.McpError", false, client.getClass().getClassLoader());
      Object builder = type.getMethod("builder", int.class).invoke(null, CODE);
      builder.getClass().getMethod("message", String.class).invoke(builder, decision.getMessage());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("limit", decision.limit().name());
      data.put("agent", decision.agentId());
      data.put("retryAfterMs", decision.retryAfter().toMillis());
      builder.getClass().getMethod("data", Object.class).invoke(builder, data);
      Throwable error = (Throwable) builder.getClass().getMethod("build").invoke(builder);
      if (error.getCause() == null) {
        error.initCause(decision);
      }
      return error;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
