package io.aiecs.governor.agent.jmx;

import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.runtime.CallGovernor;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers one MBean per agent, and one for the process-wide scope, in the platform MBean server. */
public final class GovernorMBeans {
  public static final String DOMAIN = "io.aiecs.governor";

  private GovernorMBeans() {}

  public static ObjectName agentName(String agentId) throws JMException {
    return new ObjectName(DOMAIN + ":type=Agent,name=" + agentId); // ids never need quoting
  }

  public static ObjectName processName() throws JMException {
    return new ObjectName(DOMAIN + ":type=Global");
  }

  public static void register(CallGovernor governor) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (String id : governor.agentIds()) {
      AgentLimiter limiter = governor.limiter(id);
      replace(server, agentName(id), new AgentStatusMBean(limiter, () -> governor.status(id)));
    }
    AgentLimiter process = governor.processScope();
    if (process != null) {
      replace(server, processName(), new AgentStatusMBean(process, process::status));
    }
  }

  private static void replace(MBeanServer server, ObjectName name, Object mbean) throws JMException {
    if (server.isRegistered(name)) {
      server.unregisterMBean(name);
    }
    server.registerMBean(mbean, name);
  }
}
