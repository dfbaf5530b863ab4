package io.aiecs.governor.agent.attribution;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides which agent a call belongs to, from the calling thread's name: the first matching
 * {@code agent.<id>.match.thread} rule (rules in the configuration's documented order), else the default agent.
 *
 * <p>The answer is cached per thread and reused while the thread keeps its name, so the hot path costs a
 * thread-local read and a reference comparison; a regex runs only when a thread is new or renamed.
 *
 * @param <A> what an agent resolves to (its limiter, in the runtime)
 */
public final class AgentResolver<A> {
  /** One rule: threads whose whole name matches {@code pattern} belong to {@code agentId}. */
  public record Rule(String agentId, Pattern pattern) {}

  private final Rule[] rules;
  private final String defaultAgent;
  private final Function<String, A> lookup;
  private final ThreadLocal<Cached<A>> cache = new ThreadLocal<>();

  public AgentResolver(List<Rule> rules, String defaultAgent, Function<String, A> lookup) {
    this.rules = rules.toArray(new Rule[0]);
    this.defaultAgent = defaultAgent;
    this.lookup = lookup;
  }

  /** The agent id for a thread with this name. */
  public String agentIdFor(String threadName) {
    for (Rule rule : rules) {
      if (rule.pattern().matcher(threadName).matches()) {
        return rule.agentId();
      }
    }
    return defaultAgent;
  }

  /** What the current thread's calls resolve to. */
  public A current() {
    String name = Thread.currentThread().getName();
    Cached<A> c = cache.get();
    if (c != null && c.threadName() == name) {
      return c.value();
    }
    String id = agentIdFor(name);
    A value = lookup.apply(id);
    cache.set(new Cached<>(name, id, value));
    return value;
  }

  /** The current thread's agent id. */
  public String currentId() {
    current();
    return cache.get().agentId();
  }

  private record Cached<A>(String threadName, String agentId, A value) {}
}
