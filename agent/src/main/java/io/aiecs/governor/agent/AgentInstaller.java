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
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.ThreadRule;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Starts the governor inside the agent class loader: reads the configuration, builds one limiter per agent,
 * installs the runtime into the bootstrap hooks and weaves the client libraries.
 *
 * <p>An invalid configuration never crashes the host: every problem is logged on its own line and the agent
 * stays out of the way (no class is woven, every call runs ungoverned), saying so loudly.
 *
 * <p>With {@code -javaagent} this runs on the host's main thread before its {@code main}, so it and what it calls
 * (configuration, logging, the runtime's build) use plain loops and classes: a lambda, method reference or stream
 * spins method-handle classes, in the interpreter, on first use (issue 6; {@code StartupCostIT} counts them).
 */
public final class AgentInstaller {
  private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";
  /** Byte Buddy's {@code TypeDefinition.RAW_TYPES_PROPERTY}, relocated with it as the above. */
  private static final String BYTE_BUDDY_RAW = "net.bytebuddy.raw";
  /** How long after a start with {@code -javaagent} the status MBeans are registered. */
  public static final long MBEAN_DELAY_MILLIS = 5_000;

  private AgentInstaller() {}

  /**
   * The agent's start, called reflectively by the launcher's {@code AgentStarter} in the agent's class loader, with
   * the jar it started from (the weaver reads the advice classes from it). It takes the same parameters as
   * {@code AgentStarter.start}, which the launcher calls reflectively too: from JDK 18 core reflection runs on method
   * handles (JEP 416), and a second call of the same shape reuses the first one's spun classes instead of spinning
   * nine more on the host's main thread (issue 6).
   */
  public static void install(Instrumentation inst, String agentArgs, boolean attached, java.io.File agentJar)
      throws Exception {
    long started = System.nanoTime();
    ConfigResult result = ConfigLoader.loadFromJvm(agentArgs, InstrumentationModules.names());

    AgentLog.configure(result.valid() ? result.config().logLevel() : "info");
    Logger log = AgentLog.get();
    if (!result.valid()) {
      for (String problem : result.problems()) {
        log.error("invalid configuration: {}", problem);
      }
      log.error("configuration invalid ({} problem(s)): governance is DISABLED, the application runs ungoverned",
          result.problems().size());
      return;
    }
    GovernorConfig config = result.config();
    for (String line : result.effectiveSettings()) {
      log.debug("setting {}", line);
    }
    if (!config.enabled()) {
      log.info("disabled by aiecs.governor.enabled=false");
      return;
    }
    if (GovernorHooks.runtime() instanceof CallGovernor running) {
      List<String> changes = running.reconfigure(config);
      for (String change : changes) {
        log.info("limits changed at run time: {}", change);
      }
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
    // Raw types, as the OpenTelemetry agent runs Byte Buddy: advice, matchers and reference checks use erasures
    // only, and otherwise every method of every class file described (the library's types, each woven class) has
    // its generic signature parsed when the class is read: ASM's signature parser was then the costliest of the
    // agent's methods for C2 to compile in a host's start (issue 6)
    if (System.getProperty(BYTE_BUDDY_RAW) == null) {
      System.setProperty(BYTE_BUDDY_RAW, "true");
    }
    long configured = System.nanoTime();
    CallSiteRegistry sites = new CallSiteRegistry();
    List<Thread> afterStart = new ArrayList<>(1);
    CallGovernor governor = build(config, TimeSource.SYSTEM, sites, new TelemetryStart(config, log, afterStart));
    AgentFaults.sink(new BiConsumer<String, Throwable>() {
      @Override
      public void accept(String where, Throwable fault) {
        log.warn("internal fault in {} (the call proceeds ungoverned)", where, fault);
      }
    });
    GovernorHooks.install(governor);
    for (String name : config.disabledInstrumentations()) {
      log.info("instrumentation {} switched off by aiecs.governor.instrumentation.{}.enabled=false", name, name);
    }
    long runtimeBuilt = System.nanoTime();
    // modules whose types are known by name are registered when one of their classes loads
    for (String loader : config.excludedClassLoaders()) {
      log.info("classes of class loader {} are not woven (aiecs.governor.exclude-class-loaders)", loader);
    }
    new Weaver(log, config.excludedClassLoaders(), agentJar).install(inst, InstrumentationModules.eager(config),
        InstrumentationModules.deferred(config), sites);
    long woven = System.nanoTime();
    for (Thread t : afterStart) { // the telemetry SDK, built in the background once premain's work is done
      t.start();
    }
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

  /** Starts the telemetry for the runtime's limiters; its SDK thread is collected, to start after the weaving. */
  private static final class TelemetryStart
      implements BiFunction<Map<String, AgentLimiter>, AgentLimiter, CallObserver>, Consumer<Thread> {
    private final GovernorConfig config;
    private final Logger log;
    private final List<Thread> afterStart;

    TelemetryStart(GovernorConfig config, Logger log, List<Thread> afterStart) {
      this.config = config;
      this.log = log;
      this.afterStart = afterStart;
    }

    @Override
    public CallObserver apply(Map<String, AgentLimiter> limiters, AgentLimiter process) {
      return Telemetry.start(config.telemetry(), limiters, process, TimeSource.SYSTEM,
          ConfigLoader.toMap(System.getProperties()), System.getenv(), log, this);
    }

    @Override
    public void accept(Thread thread) {
      afterStart.add(thread);
    }
  }

  /**
   * JMX comes up off the start path, a few seconds after a start with {@code -javaagent} (at once after an
   * attach): creating the platform MBean server initialises java.util.logging and much of javax.management, a few
   * hundred ms of CPU that would otherwise compete with the host's own start. Operators connect later;
   * {@code status <pid>} waits for the registration.
   */
  private static void registerMBeansInBackground(CallGovernor governor, Logger log, long delayMillis) {
    Thread t = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          if (delayMillis > 0) {
            Thread.sleep(delayMillis);
          }
          GovernorMBeans.register(governor);
        } catch (Throwable e) {
          log.warn("JMX status MBeans not registered: {}", e.toString());
        }
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
    for (Map.Entry<String, AgentLimits> e : config.agents().entrySet()) {
      limiters.put(e.getKey(), new AgentLimiter(e.getKey(), e.getValue(), time));
    }
    List<AgentResolver.Rule> rules = new ArrayList<>(config.threadRules().size());
    for (ThreadRule r : config.threadRules()) {
      rules.add(new AgentResolver.Rule(r.agentId(), r.threadName()));
    }
    AgentResolver<AgentLimiter> resolver = new AgentResolver<>(config.callerRules(), rules, config.modelRules(),
        config.defaultAgent(), new Function<String, AgentLimiter>() {
          @Override
          public AgentLimiter apply(String agentId) {
            return limiters.get(agentId);
          }
        });
    AgentLimits processLimits = config.processLimits().orElse(null);
    AgentLimiter process = processLimits == null ? null : new AgentLimiter("global", processLimits, time);
    return new CallGovernor(limiters, process, resolver, sites, time,
        observer.apply(Collections.unmodifiableMap(limiters), process));
  }

  private static String describe(GovernorConfig config) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, AgentLimits> e : config.agents().entrySet()) {
      AgentLimits l = e.getValue();
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(e.getKey()).append(" {");
      sb.append("concurrency=").append(l.maxConcurrentTasks() > 0 ? l.maxConcurrentTasks() : "unlimited");
      sb.append(", tokens/min=").append(l.maxTokensPerMinute() > 0 ? l.maxTokensPerMinute() : "unlimited");
      sb.append(", tokens/h=").append(l.maxTokensPerHour() > 0 ? l.maxTokensPerHour() : "unlimited");
      if (l.maxTokensPerMinute() > 0) {
        sb.append(", burst=").append(l.tokenBurstSize());
      }
      sb.append(l.enforceLimits() ? (l.rejectOnLimit() ? ", reject" : ", wait " + l.resourceWaitTimeout().toMillis() + " ms")
          : ", monitor only");
      sb.append('}');
    }
    return sb.toString();
  }
}
