package io.aiecs.governor.agent.instrumentation.langchain4j;

/** Types shaped like LangChain4j's (1.19.0, javap), for the unit tests: the agent reads them reflectively. */
public final class LangChain4jShapes {
  private LangChain4jShapes() {}

  public static class TokenUsage {
    private final Integer input;
    private final Integer output;

    public TokenUsage(Integer input, Integer output) {
      this.input = input;
      this.output = output;
    }

    public Integer inputTokenCount() {
      return input;
    }

    public Integer outputTokenCount() {
      return output;
    }

    public Integer totalTokenCount() {
      return input + output;
    }
  }

  public static class ChatResponse {
    private final TokenUsage usage;

    public ChatResponse(TokenUsage usage) {
      this.usage = usage;
    }

    public TokenUsage tokenUsage() {
      return usage;
    }
  }

  public static class PartialResponse {
    private final String text;

    public PartialResponse(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public interface StreamingHandle {
    void cancel();

    boolean isCancelled();
  }

  public static class PartialResponseContext {
    private final StreamingHandle handle;

    public PartialResponseContext(StreamingHandle handle) {
      this.handle = handle;
    }

    public StreamingHandle streamingHandle() {
      return handle;
    }
  }

  /** LangChain4j's handler: two abstract methods, the rest defaults that fall back to the simpler overload. */
  public interface StreamingChatResponseHandler {
    default void onPartialResponse(String partialResponse) {}

    default void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
      onPartialResponse(partialResponse.text());
    }

    void onCompleteResponse(ChatResponse completeResponse);

    void onError(Throwable error);
  }

  public record ToolExecutionRequest(String id, String name, String arguments) {}

  public interface ToolExecutor {
    String execute(ToolExecutionRequest request, Object memoryId);

    default String executeWithContext(ToolExecutionRequest request, Object context) {
      return execute(request, context);
    }
  }
}
