package io.aiecs.governor.agent.attribution;

import io.aiecs.governor.agent.config.CallerRule;
import io.aiecs.governor.agent.config.ModelRule;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides which agent a call belongs to: the agent of the nearest stack frame that a
 * {@code agent.<id>.match.caller} rule matches, else the first {@code agent.<id>.match.thread} rule matching the
 * calling thread's whole name (rules in the configuration's documented order), else the default agent.
 *
 * <p>The thread answer is cached per thread and reused while the thread keeps its name, so the hot path costs a
 * thread-local read and a reference comparison; a regex runs only when a thread is new or renamed. The stack is
 * walked only when caller rules exist, on every call (a stack is not a thread's constant).
 *
 * @param <A> what an agent resolves to (its limiter, in the runtime)
 */
public final class AgentResolver<A> {
  /** One rule: threads whose whole name matches {@code pattern} belong to {@code agentId}. */
  public record Rule(String agentId, Pattern pattern) {}

  private final Rule[] rules;
  private final CallerRule[] callerRules;
  private final ModelRule[] modelRules;
  private final String defaultAgent;
  private final Function<String, A> lookup;
  private final ThreadLocal<Cached<A>> cache = new ThreadLocal<>();

  public AgentResolver(List<Rule> rules, String defaultAgent, Function<String, A> lookup) {
    this(List.of(), rules, defaultAgent, lookup);
  }

  public AgentResolver(List<CallerRule> callerRules, List<Rule> rules, String defaultAgent, Function<String, A> lookup) {
    this(callerRules, rules, List.of(), defaultAgent, lookup);
  }

  public AgentResolver(List<CallerRule> callerRules, List<Rule> rules, List<ModelRule> modelRules,
                       String defaultAgent, Function<String, A> lookup) {
    this.callerRules = callerRules.toArray(new CallerRule[0]);
    this.modelRules = modelRules.toArray(new ModelRule[0]);
    this.rules = rules.toArray(new Rule[0]);
    this.defaultAgent = defaultAgent;
    this.lookup = lookup;
  }

  /** The agent id for a thread with this name. */
  public String agentIdFor(String threadName) {
    String id = threadRuleAgent(threadName);
    return id == null ? defaultAgent : id;
  }

  private String threadRuleAgent(String threadName) {
    for (Rule rule : rules) {
      if (rule.pattern().matcher(threadName).matches()) {
        return rule.agentId();
      }
    }
    return null;
  }

  /**
   * What a call resolves to when its request model is known: caller and thread rules first, then the first
   * {@code match.model} rule matching {@code model} (whole match), then the default agent. {@code modelOf} is
   * asked only when model rules exist and no earlier rule decided.
   */
  public <R> A current(R request, Function<R, String> modelOf) {
    if (modelRules.length == 0) {
      return current();
    }
    A byCallerOrThread = current();
    Cached<A> c = cache.get();
    if (c != null && c.byRule()) {
      return byCallerOrThread;
    }
    String model = modelOf.apply(request);
    if (model != null) {
      for (ModelRule rule : modelRules) {
        if (rule.matches(model)) {
          return lookup.apply(rule.agentId());
        }
      }
    }
    return byCallerOrThread;
  }

  /** What the current thread's calls resolve to. */
  public A current() {
    if (callerRules.length > 0) {
      String byCaller = agentIdOfCaller();
      if (byCaller != null) {
        cache.set(new Cached<>(null, byCaller, lookup.apply(byCaller), true));
        return cache.get().value();
      }
    }
    String name = Thread.currentThread().getName();
    Cached<A> c = cache.get();
    if (c != null && c.threadName() == name) {
      return c.value();
    }
    String id = threadRuleAgent(name);
    A value = lookup.apply(id == null ? defaultAgent : id);
    cache.set(new Cached<>(name, id == null ? defaultAgent : id, value, id != null));
    return value;
  }

  /** The current thread's agent id. */
  public String currentId() {
    if (callerRules.length > 0) {
      String byCaller = agentIdOfCaller();
      if (byCaller != null) {
        return byCaller;
      }
    }
    current();
    return cache.get().agentId();
  }

  /** The agent of the nearest frame a caller rule matches, or null. */
  String agentIdOfCaller() {
    return WALKER.walk(frames -> frames
        .map(f -> agentIdOf(f.getClassName(), f.getMethodName()))
        .filter(id -> id != null)
        .findFirst()
        .orElse(null));
  }

  private String agentIdOf(String className, String methodName) {
    for (CallerRule rule : callerRules) {
      if (rule.matches(className, methodName)) {
        return rule.agentId();
      }
    }
    return null;
  }

  private static final StackWalker WALKER = StackWalker.getInstance();

  /** @param byRule whether a caller or thread rule decided (else the default agent, open to model rules) */
  private record Cached<A>(String threadName, String agentId, A value, boolean byRule) {}
}
