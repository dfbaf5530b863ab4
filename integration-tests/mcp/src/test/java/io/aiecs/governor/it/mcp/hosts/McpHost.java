package io.aiecs.governor.it.mcp.hosts;

import io.aiecs.governor.it.hosts.HostOutput;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A plain MCP client app (the MCP Java SDK over streamable HTTP) that knows nothing of the governor.
 *
 * <p>Arguments, {@code key=value}: {@code url} of the MCP server; {@code mode}: {@code sync}
 * ({@code McpSyncClient.callTool}) | {@code async} ({@code McpAsyncClient.callTool(...).block()}) |
 * {@code async-elsewhere} (the Mono subscribed on a Reactor scheduler thread) | {@code async-unsubscribed} (the
 * Mono assembled, never subscribed); {@code calls}; {@code thread} (the calling thread's name). Prints a
 * {@code CALL} line per call and the governor's status.
 */
public final class McpHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : argv) {
      a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
    }
    String mode = a.getOrDefault("mode", "sync");
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    Thread worker = new Thread(() -> {
      try {
        run(a.get("url"), mode, calls);
      } catch (Throwable t) {
        t.printStackTrace();
      }
    }, a.getOrDefault("thread", "caller-0"));
    worker.start();
    worker.join();
    HostOutput.statusOfAllAgents();
    System.exit(0);
  }

  private static void run(String url, String mode, int calls) {
    var transport = HttpClientStreamableHttpTransport.builder(url).endpoint("/mcp").build();
    if (mode.equals("sync")) {
      McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
      client.initialize();
      for (int i = 0; i < calls; i++) {
        try {
          HostOutput.ok(client.callTool(new CallToolRequest("search", Map.of("q", "q" + i))).content().size());
        } catch (Throwable e) {
          HostOutput.failed(e);
        }
      }
      client.closeGracefully();
      return;
    }
    McpAsyncClient client = McpClient.async(transport).requestTimeout(Duration.ofSeconds(20)).build();
    client.initialize().block();
    for (int i = 0; i < calls; i++) {
      try {
        Mono<CallToolResult> result = client.callTool(new CallToolRequest("search", Map.of("q", "q" + i)));
        switch (mode) {
          case "async" -> HostOutput.ok(result.block().content().size());
          case "async-elsewhere" -> HostOutput.ok(result.subscribeOn(Schedulers.boundedElastic()).block().content().size());
          case "async-unsubscribed" -> HostOutput.ok(result == null ? -1 : 0);
          default -> throw new IllegalArgumentException(mode);
        }
      } catch (Throwable e) {
        HostOutput.failed(e);
      }
    }
    client.closeGracefully().block();
  }
}
