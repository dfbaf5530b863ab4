package io.aiecs.governor.agent;

import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.ConfigLoader;
import io.aiecs.governor.agent.config.ConfigResult;
import io.aiecs.governor.agent.config.GovernorConfig;
import io.aiecs.governor.agent.instrumentation.InstrumentationModules;
import io.aiecs.governor.agent.instrumentation.Weaver;
import io.aiecs.governor.agent.jmx.GovernorMBeans;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.logging.AgentLog;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.bootstrap.AgentFaults;
import io.aiecs.governor.bootstrap.GovernorHooks;
import io.aiecs.governor.agent.telemetry.Telemetry;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;

/**
 * Starts the governor inside the agent class loader: reads the configuration, builds one limiter per agent,
 * installs the runtime into the bootstrap hooks and weaves the client libraries.
 *
 * <p>An invalid configuration never crashes the host: every problem is logged on its own line and the agent
 * stays out of the way (no class is woven, every call runs ungoverned), saying so loudly.
 */
public final class AgentInstaller {
  private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";
  /** How long after a start with {@code -javaagent} the status MBeans are registered. */
  public static final long MBEAN_DELAY_MILLIS = 5_000;

  private AgentInstaller() {}

  public static void install(Instrumentation inst, String agentArgs, boolean attached) throws Exception {
    long started = System.nanoTime();
    ConfigResult result = ConfigLoader.loadFromJvm(agentArgs, InstrumentationModules.names());

    AgentLog.configure(result.valid() ? result.config().logLevel() : "info");
    Logger log = AgentLog.get();
    if (!result.valid()) {
      result.problems().forEach(p -> log.error("invalid configuration: {}", p));
      log.error("configuration invalid ({} problem(s)): governance is DISABLED, the application runs ungoverned",
          result.problems().size());
      return;
    }
    GovernorConfig config = result.config();
    result.effectiveSettings().forEach(line -> log.debug("setting {}", line));
    if (!config.enabled()) {
      log.info("disabled by aiecs.governor.enabled=false");
      return;
    }
    if (GovernorHooks.runtime() instanceof CallGovernor running) {
      List<String> changes = running.reconfigure(config);
      changes.forEach(c -> log.info("limits changed at run time: {}", c));
      if (changes.isEmpty()) {
        log.info("already active; this {} changed no limit", attached ? "attach" : "start");
      }
      return;
    }

    // Advice and retransformation need no class injection, so Byte Buddy may stay off sun.misc.Unsafe (which
    // JDK 24+ warns about). The name is relocated with Byte Buddy: only our copy reads it.
    if (System.getProperty(BYTE_BUDDY_SAFE) == null) {
      System.setProperty(BYTE_BUDDY_SAFE, "true");
    }
    long configured = System.nanoTime();
    CallSiteRegistry sites = new CallSiteRegistry();
    List<Thread> afterStart = new java.util.ArrayList<>(1);
    CallGovernor governor = build(config, TimeSource.SYSTEM, sites, (limiters, process) -> Telemetry.start(
        config.telemetry(), limiters, process, TimeSource.SYSTEM, ConfigLoader.toMap(System.getProperties()),
        System.getenv(), log, afterStart::add));
    AgentFaults.sink((where, fault) -> log.warn("internal fault in {} (the call proceeds ungoverned)", where, fault));
    GovernorHooks.install(governor);
    config.disabledInstrumentations().forEach(name -> log.info(
        "instrumentation {} switched off by aiecs.governor.instrumentation.{}.enabled=false", name, name));
    long runtimeBuilt = System.nanoTime();
    // modules whose types are known by name are registered when one of their classes loads
    new Weaver(log).install(inst, InstrumentationModules.eager(config), InstrumentationModules.deferred(config),
        sites);
    long woven = System.nanoTime();
    afterStart.forEach(Thread::start); // the telemetry SDK, built in the background once premain's work is done
    // the start's cost, by phase (issue 6): what a host waits for before its main runs
    log.debug("started in {} ms: configuration {} ms, runtime and telemetry {} ms, instrumentation {} ms",
        millis(woven - started), millis(configured - started), millis(runtimeBuilt - configured),
        millis(woven - runtimeBuilt));
    registerMBeansInBackground(governor, log, attached ? 0 : MBEAN_DELAY_MILLIS);

    log.info("aiecs-governor {} active{}: {}", AgentVersion.get(), attached ? " (attached)" : "",
        describe(config));
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  /**
   * JMX comes up off the start path, a few seconds after a start with {@code -javaagent} (at once after an
   * attach): creating the platform MBean server initialises java.util.logging and much of javax.management, a few
   * hundred ms of CPU that would otherwise compete with the host's own start. Operators connect later;
   * {@code status <pid>} waits for the registration.
   */
  private static void registerMBeansInBackground(CallGovernor governor, Logger log, long delayMillis) {
    Thread t = new Thread(() -> {
      try {
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        GovernorMBeans.register(governor);
      } catch (Throwable e) {
        log.warn("JMX status MBeans not registered: {}", e.toString());
      }
    }, "aiecs-governor-jmx");
    t.setDaemon(true);
    t.start();
  }

  /** The runtime for a configuration; public for tests that drive it without instrumentation. */
  public static CallGovernor build(GovernorConfig config, TimeSource time, CallSiteRegistry sites) {
    return build(config, time, sites, (limiters, process) -> CallObserver.NOOP);
  }

  /** As above, with the observer (telemetry) made for the agents' limiters and the process scope's (or null). */
  public static CallGovernor build(GovernorConfig config, TimeSource time, CallSiteRegistry sites,
                                   BiFunction<Map<String, AgentLimiter>, AgentLimiter, CallObserver> observer) {
    Map<String, AgentLimiter> limiters = new LinkedHashMap<>();
    config.agents().forEach((id, limits) -> limiters.put(id, new AgentLimiter(id, limits, time)));
    List<AgentResolver.Rule> rules = config.threadRules().stream()
        .map(r -> new AgentResolver.Rule(r.agentId(), r.threadName()))
        .toList();
    AgentResolver<AgentLimiter> resolver =
        new AgentResolver<>(config.callerRules(), rules, config.modelRules(), config.defaultAgent(), limiters::get);
    AgentLimiter process = config.processLimits().map(l -> new AgentLimiter("global", l, time)).orElse(null);
    return new CallGovernor(limiters, process, resolver, sites, time,
        observer.apply(Collections.unmodifiableMap(limiters), process));
  }

  private static String describe(GovernorConfig config) {
    StringBuilder sb = new StringBuilder();
    config.agents().forEach((id, l) -> {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(id).append(" {");
      sb.append("concurrency=").append(l.maxConcurrentTasks() > 0 ? l.maxConcurrentTasks() : "unlimited");
      sb.append(", tokens/min=").append(l.maxTokensPerMinute() > 0 ? l.maxTokensPerMinute() : "unlimited");
      sb.append(", tokens/h=").append(l.maxTokensPerHour() > 0 ? l.maxTokensPerHour() : "unlimited");
      if (l.maxTokensPerMinute() > 0) {
        sb.append(", burst=").append(l.tokenBurstSize());
      }
      sb.append(l.enforceLimits() ? (l.rejectOnLimit() ? ", reject" : ", wait " + l.resourceWaitTimeout().toMillis() + " ms")
          : ", monitor only");
      sb.append('}');
    });
    return sb.toString();
  }
}
