package io.aiecs.governor.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GovernorMBeansTest {
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final AgentLimiter research = new AgentLimiter("research",
      new AgentLimits(2, 1000, AgentLimits.UNLIMITED, 1000, true, true, Duration.ofSeconds(5)), TimeSource.SYSTEM);
  private final AgentLimiter process = new AgentLimiter("global",
      new AgentLimits(AgentLimits.UNLIMITED, 5000, AgentLimits.UNLIMITED, 5000, true, true, Duration.ofSeconds(5)),
      TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("research", research), process,
      new AgentResolver<>(List.of(), "research", Map.of("research", research)::get), new CallSiteRegistry(),
      TimeSource.SYSTEM, CallObserver.NOOP);

  @AfterEach
  void unregister() throws Exception {
    for (ObjectName n : server.queryNames(new ObjectName(GovernorMBeans.DOMAIN + ":*"), null)) {
      server.unregisterMBean(n);
    }
  }

  @Test
  void everyAgentAndTheProcessScopeAreReadableUnderTheirNames() throws Exception {
    GovernorMBeans.register(governor);
    research.charge(10, 20, 30, -1, -1);
    ObjectName name = new ObjectName("io.aiecs.governor:type=Agent,name=research");

    assertThat(server.getAttribute(name, "AgentId")).isEqualTo("research");
    assertThat(server.getAttribute(name, "Available")).isEqualTo(true);
    assertThat(server.getAttribute(name, "MaxConcurrentTasks")).isEqualTo(2);
    assertThat(server.getAttribute(name, "TotalTokens")).isEqualTo(30L);
    assertThat(server.getAttribute(name, "TokensLeftPerMinute")).isEqualTo(970L);
    assertThat(server.getAttribute(new ObjectName("io.aiecs.governor:type=Global"), "MaxTokensPerMinute"))
        .isEqualTo(5000L);
  }

  @Test
  void limitsChangeThroughWritableAttributes() throws Exception {
    GovernorMBeans.register(governor);
    ObjectName name = GovernorMBeans.agentName("research");

    server.setAttribute(name, new Attribute("MaxConcurrentTasks", 5));
    server.setAttribute(name, new Attribute("MaxTokensPerMinute", 6000L));
    server.setAttribute(name, new Attribute("RejectOnLimit", false));
    server.setAttribute(name, new Attribute("ResourceWaitTimeoutSeconds", 0.5));

    AgentLimits now = research.limits();
    assertThat(now.maxConcurrentTasks()).isEqualTo(5);
    assertThat(now.maxTokensPerMinute()).isEqualTo(6000);
    assertThat(now.tokenBurstSize()).as("burst follows the per-minute limit it equalled").isEqualTo(6000);
    assertThat(now.rejectOnLimit()).isFalse();
    assertThat(now.resourceWaitTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(research.availablePermits()).isEqualTo(5);

    server.setAttribute(name, new Attribute("MaxTokensPerMinute", -1L));
    assertThat(research.limits().maxTokensPerMinute()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(research.limits().tokenBurstSize()).isEqualTo(AgentLimits.UNLIMITED);
    assertThatThrownBy(() -> server.setAttribute(name, new Attribute("TokenBurstSize", 10L)))
        .hasRootCauseMessage("token-burst-size is only valid when max-tokens-per-minute is set");
    assertThatThrownBy(() -> server.setAttribute(name, new Attribute("MaxConcurrentTasks", 0)))
        .hasRootCauseMessage("0 is not a limit; use -1 for unlimited");
  }
}
