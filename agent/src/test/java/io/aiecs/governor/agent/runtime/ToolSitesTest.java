package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.usage.TextPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tool site whose advised method is the tool itself ({@link CallSiteRegistry.ToolSite#SELF}, Spring AI's
 * {@code ToolCallback.call}): the tool is named from the receiver, and a refusal is the exception the site's
 * refusal builds from the receiver (the framework's own failing-tool exception), thrown instead of running.
 */
class ToolSitesTest {
  /** A tool shaped like Spring AI's: its definition names it. */
  public record Definition(String name) {}

  public record Tool(Definition getToolDefinition) {}

  /** The framework's failing-tool exception, carrying the tool's definition and the governor's decision. */
  static final class ToolFailed extends RuntimeException {
    final Definition definition;

    ToolFailed(Definition definition, Throwable cause) {
      super(cause);
      this.definition = definition;
    }
  }

  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final AgentLimiter limiter = new AgentLimiter("default", new AgentLimits(1, 10_000, AgentLimits.UNLIMITED,
      10_000, true, true, Duration.ofSeconds(1), 1, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, null,
      AgentLimits.NO_THROTTLING, RejectAs.GOVERNOR), TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("default", limiter),
      new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);

  @Test
  void aRefusedToolMethodThrowsTheFrameworksOwnExceptionBuiltFromItsReceiver() {
    int site = sites.registerToolSite(new CallSiteRegistry.ToolSite("framework", CallSiteRegistry.ToolSite.SELF,
        TextPath.anyOf("getToolDefinition.name"), CallSiteRegistry.ToolSite.SELF,
        (tool, decision) -> new ToolFailed(((Tool) tool).getToolDefinition(), decision)));
    Tool weather = new Tool(new Definition("weather"));
    Object[] args = {"{\"city\":\"Oslo\"}", null};

    assertThat(governor.enterToolExecution(site, weather, args)).as("admitted: runs as it is").isNull();
    Object refused = governor.enterToolExecution(site, weather, args);

    assertThat(refused).isInstanceOfSatisfying(ToolFailed.class, e -> {
      assertThat(e.definition).isSameAs(weather.getToolDefinition());
      assertThat(e.getCause()).isInstanceOf(ResourceLimitExceededException.class)
          .hasMessageContaining("max-tool-calls-per-minute");
    });
    assertThat(args[0]).as("the arguments are left alone").isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(limiter.status().toolCalls()).isEqualTo(1);
  }
}
