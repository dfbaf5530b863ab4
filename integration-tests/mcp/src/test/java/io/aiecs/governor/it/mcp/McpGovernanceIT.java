package io.aiecs.governor.it.mcp;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.mcp.hosts.McpHost;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP Java SDK's clients in a forked JVM under the built agent jar, against a fake MCP server that witnesses
 * which tool calls reached it. Every {@code callTool} is one tool call of the agent that made it (here:
 * {@code research}, by thread name), counted once though the sync client runs the async one, refused by the
 * tool-call limits before it reaches the server.
 */
class McpGovernanceIT {
  private FakeMcpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new FakeMcpServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private HostProcess.Builder mcp(String mode, int calls) {
    return host(McpHost.class).jvm("-Dotel.sdk.disabled=true")
        .args("url=" + server.url(), "mode=" + mode, "calls=" + calls, "thread=research-0")
        .governor("agent.research.match.thread", "research-.*")
        .governor("agent.research.max-tool-calls-per-minute", 2)
        .governor("agent.research.reject-on-limit", true);
  }

  @Test
  void eachCallToolIsOneToolCallOfTheRunningAgentAndRefusedOverTheLimit() throws Exception {
    for (String mode : List.of("sync", "async", "async-elsewhere")) {
      int before = server.toolCalls().size();
      HostProcess h = mcp(mode, 3).run();

      List<String[]> calls = h.calls();
      assertThat(calls).as(mode).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED");
      assertThat(calls.get(2)[3]).isEqualTo("TOOL_CALLS_PER_MINUTE");
      assertThat(calls.get(2)[5]).as("the agent that asked, also when subscribed elsewhere").isEqualTo("research");
      assertThat(h.statusLong("research", "toolCalls")).as("%s: counted once", mode).isEqualTo(2);
      assertThat(h.statusLong("research", "rejected")).isEqualTo(1);
      assertThat(h.statusLong("default", "toolCalls")).isZero();
      assertThat(server.toolCalls().size() - before).as("%s: the refused call never reached the server", mode)
          .isEqualTo(2);
    }
    assertThat(server.toolCalls()).containsOnly("search");
  }

  @Test
  void rejectAsClientIsTheSdksMcpError() throws Exception {
    for (String mode : List.of("sync", "async")) {
      HostProcess h = mcp(mode, 3).governor("reject-as", "client").run();

      List<String[]> calls = h.calls();
      assertThat(calls).as(mode).extracting(c -> c[2]).containsExactly("OK", "OK", "ERROR");
      assertThat(calls.get(2)[3]).isEqualTo("io.modelcontextprotocol.spec.McpError");
      assertThat(String.join(" ", calls.get(2))).contains("max-tool-calls-per-minute");
    }
    assertThat(server.toolCalls()).hasSize(4);
  }

  @Test
  void aMonoNobodySubscribesToIsNoToolCall() throws Exception {
    HostProcess h = mcp("async-unsubscribed", 3).run();

    assertThat(h.count("OK")).isEqualTo(3);
    assertThat(h.statusLong("research", "toolCalls")).isZero();
    assertThat(server.toolCalls()).isEmpty();
  }

  @Test
  void withoutTheAgentNothingIsRefused() throws Exception {
    HostProcess h = mcp("sync", 3).withoutAgent().run();

    assertThat(h.count("OK")).isEqualTo(3);
    assertThat(server.toolCalls()).hasSize(3);
  }
}
