package io.aiecs.governor.agent.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.streams.ReactivePublishers;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.List;

/**
 * The MCP Java SDK ({@code io.modelcontextprotocol.sdk:mcp}): {@code McpAsyncClient.callTool} returns a cold
 * {@code Mono}; each subscription is one tool call, taken from the running agent's tool-call budget, named by
 * {@code CallToolRequest.name()}. {@code McpSyncClient.callTool} is {@code asyncClient.callTool(request).block()},
 * so it is governed through the async method, once. A refusal is the Mono's error signal, which the sync client's
 * {@code block()} throws.
 */
public final class McpInstrumentationModule implements InstrumentationModule {
  static final String LIBRARY = "mcp";

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("MCP Java SDK", "io.modelcontextprotocol.sdk:mcp",
            "`McpAsyncClient.callTool` (and `McpSyncClient.callTool` through it)", "2.1.0", "1.1.5")
        .with(LibrarySupport.Mode.SYNC, "tool calls")
        .with(LibrarySupport.Mode.ASYNC, "`Mono`: gated on subscribe")
        .with(LibrarySupport.Mode.TOOLS, "✓: a refusal is the `Mono`'s error (`McpError` with `reject-as=client`)");
  }

  @Override
  public String name() {
    return LIBRARY;
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection(LIBRARY, McpRateLimitError::create);
    int callTool = sites.register(LIBRARY, "call_tool", UsageShape.of("usage", null, null, null, null, null));
    sites.registerDeferredTool(callTool, ReactivePublishers.mono(ReactivePublishers.USAGE), TextPath.anyOf("name"));
    return List.of(AdvisedMethod.deferred("io.modelcontextprotocol.client.McpAsyncClient",
        named("callTool").and(takesArguments(1))
            .and(takesArgument(0, named("io.modelcontextprotocol.spec.McpSchema$CallToolRequest")))
            .and(not(isStatic())).and(not(isBridge())),
        callTool));
  }
}
