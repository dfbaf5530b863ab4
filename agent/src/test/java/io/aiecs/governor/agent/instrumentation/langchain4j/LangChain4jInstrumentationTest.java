package io.aiecs.governor.agent.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.ChatResponse;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.PartialResponse;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.PartialResponseContext;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.StreamingChatResponseHandler;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.StreamingHandle;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.TokenUsage;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.ToolExecutionRequest;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jShapes.ToolExecutor;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The module's handler tracking, tool refusals and client rejection against types shaped like LangChain4j's,
 * through the real runtime ({@link CallGovernor}) and the call sites the module registers.
 */
class LangChain4jInstrumentationTest {
  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final List<AdvisedMethod> advised = new LangChain4jInstrumentationModule().advisedMethods(sites);
  private final AgentLimiter limiter = new AgentLimiter("default", new AgentLimits(1, 10_000, AgentLimits.UNLIMITED,
      10_000, true, true, Duration.ofSeconds(1), 1, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, null,
      AgentLimits.NO_THROTTLING, RejectAs.GOVERNOR), TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("default", limiter),
      new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);

  private int site(String adviceSimpleName) {
    return advised.stream().filter(m -> m.adviceClass().endsWith(adviceSimpleName)).findFirst().orElseThrow()
        .siteId();
  }

  /** The application's handler: records what it hears and the permits free at that moment. */
  private class AppHandler implements StreamingChatResponseHandler {
    final StringBuilder text = new StringBuilder();
    final List<String> events = new ArrayList<>();

    @Override
    public void onPartialResponse(String partialResponse) {
      text.append(partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      events.add("complete permits=" + limiter.availablePermits());
    }

    @Override
    public void onError(Throwable error) {
      events.add("error " + error.getMessage() + " permits=" + limiter.availablePermits());
    }
  }

  private StreamingChatResponseHandler start(AppHandler app) {
    Object token = governor.enter(site("HandlerCallAdvice"), null, "a request");
    StreamingChatResponseHandler wrapped = (StreamingChatResponseHandler) governor.trackArgument(token, app);
    governor.track(token, null); // doChat returned; the stream goes on
    return wrapped;
  }

  @Test
  void theHandlerHoldsThePermitUntilCompleteAndTheUsageIsChargedBeforeTheApplicationHearsIt() {
    AppHandler app = new AppHandler();
    StreamingChatResponseHandler handler = start(app);
    handler.onPartialResponse(new PartialResponse("Hel"), new PartialResponseContext(null));
    handler.onPartialResponse("lo");
    assertThat(limiter.availablePermits()).as("held while streaming").isZero();

    handler.onCompleteResponse(new ChatResponse(new TokenUsage(11, 7)));

    assertThat(app.text).hasToString("Hello");
    assertThat(app.events).containsExactly("complete permits=1");
    assertThat(limiter.status().inputTokens()).isEqualTo(11);
    assertThat(limiter.status().outputTokens()).isEqualTo(7);
  }

  @Test
  void onErrorReleasesAndPassesTheErrorOn() {
    AppHandler app = new AppHandler();
    start(app).onError(new IllegalStateException("reset"));
    assertThat(app.events).containsExactly("error reset permits=1");
  }

  @Test
  void aStreamTheApplicationCancelsFromItsHandlerIsReleased() {
    AtomicBoolean cancelled = new AtomicBoolean();
    StreamingHandle handle = new StreamingHandle() {
      @Override
      public void cancel() {
        cancelled.set(true);
      }

      @Override
      public boolean isCancelled() {
        return cancelled.get();
      }
    };
    AppHandler app = new AppHandler() {
      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        context.streamingHandle().cancel();
        events.add("cancelled permits=" + limiter.availablePermits());
      }
    };
    StreamingChatResponseHandler handler = start(app);
    handler.onPartialResponse(new PartialResponse("enough"), new PartialResponseContext(handle));
    assertThat(cancelled).as("the library's own handle was cancelled").isTrue();
    assertThat(app.events).as("released within cancel(), before the handler goes on")
        .containsExactly("cancelled permits=1");
  }

  @Test
  void withoutUsageTheStreamedTextIsCharged() {
    StreamingChatResponseHandler handler = start(new AppHandler());
    handler.onPartialResponse("12345678");
    handler.onCompleteResponse(new ChatResponse(null));
    assertThat(limiter.status().outputTokens()).as("8 characters, about 4 per token").isEqualTo(2);
  }

  @Test
  void aRefusedToolFailsWhenItsExecutorRunsAndAnAdmittedOneRunsAsItIs() {
    int tools = site("ToolExecutionAdvice");
    ToolExecutor real = (request, memoryId) -> "sunny in " + request.arguments();
    ToolExecutionRequest request = new ToolExecutionRequest("1", "weather", "Paris");

    Object first = governor.enterToolExecution(tools, null, new Object[] {request, real});
    Object[] second = (Object[]) governor.enterToolExecution(tools, null, new Object[] {request, real});

    assertThat(first).as("admitted: runs as it is").isNull();
    assertThat(limiter.status().toolCalls()).isEqualTo(1);
    assertThat(second[0]).isSameAs(request);
    ToolExecutor refusing = (ToolExecutor) second[1];
    assertThatThrownBy(() -> refusing.executeWithContext(request, null))
        .isInstanceOf(ResourceLimitExceededException.class);
    assertThatThrownBy(() -> refusing.execute(request, null))
        .isInstanceOf(ResourceLimitExceededException.class);
  }

  @Test
  void rejectAsClientBuildsLangChain4jsRateLimitExceptionFromTheModelsClassLoader() {
    ResourceLimitExceededException decision = new ResourceLimitExceededException("default",
        io.aiecs.governor.Limit.CONCURRENT_TASKS, Duration.ofSeconds(2), "busy");

    Throwable asClient = LangChain4jRateLimitException.create(this, decision);

    assertThat(asClient).isInstanceOf(dev.langchain4j.exception.RateLimitException.class)
        .hasMessage(decision.getMessage()).hasCause(decision);
    assertThat(LangChain4jRateLimitException.create("a model of a loader without LangChain4j", decision))
        .as("String's loader has no LangChain4j: the governor's own exception is used").isNull();
  }
}
