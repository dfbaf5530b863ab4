package io.aiecs.governor.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

  @Test
  void keysWorkWithAndWithoutPrefix() {
    ConfigResult r = Sources.args("aiecs.governor.max-tokens-per-minute=10, max-tokens-per-hour = 20 ");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().globalLimits().maxTokensPerMinute()).isEqualTo(10);
    assertThat(r.config().globalLimits().maxTokensPerHour()).isEqualTo(20);
  }

  @Test
  void escapedCommaStaysInsideARegex() {
    ConfigResult r = Sources.args("agent.bot.match.thread=worker-\\d{1\\,3},max-concurrent-tasks=2");

    assertThat(r.problems()).isEmpty();
    ThreadRule rule = r.config().threadRules().get(0);
    assertThat(rule.threadName().pattern()).isEqualTo("worker-\\d{1,3}");
    assertThat(rule.matches("worker-123")).isTrue();
    assertThat(rule.matches("worker-1234")).isFalse();
    assertThat(r.config().globalLimits().maxConcurrentTasks()).isEqualTo(2);
  }

  @Test
  void splitKeepsOtherBackslashesAndEqualsSignsInValues() {
    assertThat(AgentArguments.split("a=x\\,y,b=\\d=\\w\\")).containsExactly("a=x,y", "b=\\d=\\w\\");
  }

  @Test
  void emptyItemsAreSkipped() {
    ConfigResult r = Sources.args(",max-tokens-per-minute=10,, ,");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().globalLimits().maxTokensPerMinute()).isEqualTo(10);
  }

  @Test
  void itemsWithoutKeyOrEqualsSignAreProblems() {
    assertThat(Sources.args("verbose,=3,max-tokens-per-minute=x").problems()).containsExactly(
        "agent argument \"verbose\": expected key=value",
        "agent argument \"=3\": expected key=value",
        "aiecs.governor.max-tokens-per-minute=x (agent argument): not a whole number >= 1 or unlimited");
  }

  @Test
  void repeatingAKeyIsAProblem() {
    assertThat(Sources.args("log-level=info,aiecs.governor.log-level=debug").problems()).containsExactly(
        "aiecs.governor.log-level=debug (agent argument): same setting as "
            + "aiecs.governor.log-level=info (agent argument)");
  }
}
