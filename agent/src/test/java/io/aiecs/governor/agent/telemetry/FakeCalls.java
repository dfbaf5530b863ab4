package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.FakeTimeSource;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSemantics;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A governor over one agent, on a fake clock, with a call site shaped like openai-java's chat completions:
 * a client keeping its base URL in a private field, a request with a model object, a response with a model
 * name and usage details.
 */
final class FakeCalls {
  public static final class Options {
    private final String url;

    Options(String url) {
      this.url = url;
    }

    public String baseUrl() {
      return url;
    }
  }

  public static final class Client {
    @SuppressWarnings("unused") // read reflectively, as the agent reads the SDK's
    private final Options clientOptions;

    Client(String baseUrl) {
      this.clientOptions = new Options(baseUrl);
    }
  }

  public record Model(String asString) {}

  public record Request(Model model) {}

  public record Details(long cachedTokens, long reasoningTokens) {}

  public record Usage(long promptTokens, long completionTokens, long totalTokens,
                      Optional<Details> promptTokensDetails, Optional<Details> completionTokensDetails) {}

  public record Response(String model, Optional<Usage> usage) {}

  static final CallSemantics SEMANTICS = new CallSemantics("openai", "chat", TextPath.anyOf("model.asString"),
      TextPath.anyOf("model"), TextPath.anyOf("@clientOptions.baseUrl"));

  final FakeTimeSource time = new FakeTimeSource();
  final CallSiteRegistry sites = new CallSiteRegistry();
  final int site = sites.register("openai", "chat", UsageShape.of("usage", "promptTokens", "completionTokens",
      "totalTokens", "promptTokensDetails.cachedTokens", "completionTokensDetails.reasoningTokens"), SEMANTICS);
  final Client client = new Client("https://llm.example:8443/v1");
  final Request request = new Request(new Model("gpt-4o-mini"));
  final AgentLimiter limiter;
  final Map<String, AgentLimiter> limiters = new LinkedHashMap<>();
  final CallGovernor governor;

  FakeCalls(AgentLimits limits, Function<Map<String, AgentLimiter>, CallObserver> observer) {
    limiter = new AgentLimiter("bot", limits, time);
    limiters.put("bot", limiter);
    governor = new CallGovernor(limiters, null, new AgentResolver<>(List.of(), "bot", limiters::get), sites, time,
        observer.apply(limiters));
  }

  static AgentLimits limits(int concurrency, long perMinute, boolean enforce, boolean reject, Duration wait) {
    return new AgentLimits(concurrency, perMinute, AgentLimits.UNLIMITED, perMinute, enforce, reject, wait);
  }

  static Response response(long prompt, long completion, long cached, long reasoning) {
    return new Response("gpt-4o-mini-2024-07-18", Optional.of(new Usage(prompt, completion, prompt + completion,
        Optional.of(new Details(cached, 0)), Optional.of(new Details(0, reasoning)))));
  }

  /** One call that takes {@code millis} on the fake clock and returns {@code response}. */
  void call(long millis, Object response) {
    Object token = governor.enter(site, client, request);
    time.advanceMillis(millis);
    governor.exit(token, response, null);
  }

  /** A stream that reported no usage, only {@code text}: the governor charges an estimate. */
  void streamWithoutUsage(String text) {
    int streamSite = sites.register("openai", "chat-stream", UsageShape.of("usage", "promptTokens",
        "completionTokens", "totalTokens", null, null), SEMANTICS);
    sites.registerTracker(streamSite, (value, call) -> call);
    Object token = governor.enter(streamSite, client, request);
    StreamingCall call = (StreamingCall) governor.track(token, "stream");
    call.text(text);
    call.complete();
  }

  void failingCall(long millis, Throwable error) {
    Object token = governor.enter(site, client, request);
    time.advanceMillis(millis);
    governor.exit(token, null, error);
  }
}
