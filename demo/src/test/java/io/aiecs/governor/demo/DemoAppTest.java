package io.aiecs.governor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.ResourceStatus;
import io.aiecs.governor.bootstrap.GovernorHooks;
import io.aiecs.governor.bootstrap.GovernorRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoAppTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void ungovernedRunSucceedsEverywhereAndTheServerSeesEveryToken() throws Exception {
    List<AgentWorkload> agents = DemoApp.agents();

    int exit = DemoApp.run(out, null, agents, 2, 15);

    assertThat(exit).isZero();
    assertThat(agents).allSatisfy(a -> {
      assertThat(a.tally.calls()).isEqualTo(2L * a.threads);
      assertThat(a.tally.succeededCount()).isEqualTo(a.tally.calls());
      assertThat(a.tally.tokens()).isEqualTo(a.tally.calls() * a.fakeUsage.totalTokens());
    });
    assertThat(output()).contains("governor agent not attached — ungoverned run");
    // chatty: 4 threads x 2 calls x 2,500 tokens, as counted by the server
    assertThat(output()).containsPattern(
        "chatty\\s+chat\\.completions\\s+\\|\\s+8\\s+8\\s+0\\s+0\\s+20000\\s+\\|\\s+8\\s+20000\\s+\\|");
    assertThat(agents.get(2).tally.tokens()).isEqualTo(20_000);
  }

  @Test
  void governedReportShowsTheGovernorsViewPerAgent() throws Exception {
    Map<String, Pattern> regexes = runScriptThreadRegexes();
    GovernorRuntime fake = fakeRuntime(regexes);
    assertThat(GovernorHooks.install(fake)).isTrue();
    try {
      int exit = DemoApp.run(out, null, DemoApp.agents(), 1, 15);

      assertThat(exit).isZero();
      assertThat(output()).contains("governor: active").contains("charged-to");
      // each agent's threads are charged to that agent: the run script's regexes fit the thread names
      for (String agent : List.of("research", "summarizer", "chatty")) {
        assertThat(output()).containsPattern("(?m)^" + agent + "\\s.*\\|\\s" + agent + "\\s+7\\s+3\\s+1\\s+5\\s+42\\s+958\\s+0/2");
      }
    } finally {
      GovernorHooks.uninstall();
    }
  }

  @Test
  void runScriptRegexesMatchExactlyTheirOwnAgentsThreads() throws IOException {
    Map<String, Pattern> regexes = runScriptThreadRegexes();

    assertThat(regexes).containsOnlyKeys("research", "summarizer", "chatty");
    for (AgentWorkload a : DemoApp.agents()) {
      for (int i = 1; i <= a.threads; i++) {
        String thread = a.threadPrefix + i;
        regexes.forEach((agent, regex) ->
            assertThat(regex.matcher(thread).matches()).as(thread + " vs " + agent).isEqualTo(agent.equals(a.name)));
      }
    }
  }

  /** The {@code match.thread} regexes of ../run-demo.sh (tests run in the module directory). */
  private static Map<String, Pattern> runScriptThreadRegexes() throws IOException {
    String script = Files.readString(Path.of("..", "run-demo.sh"));
    Matcher m = Pattern.compile("-Daiecs\\.governor\\.agent\\.(\\w+)\\.match\\.thread='([^']+)'").matcher(script);
    Map<String, Pattern> regexes = new LinkedHashMap<>();
    while (m.find()) {
      regexes.put(m.group(1), Pattern.compile(m.group(2)));
    }
    return regexes;
  }

  /**
   * Stands in for the agent: attributes by thread name, governs nothing, reports fixed figures. A dynamic proxy
   * rather than a class, so that this test only depends on the query methods of the runtime SPI, not
   * on the hook signatures the agent is free to change.
   */
  private static GovernorRuntime fakeRuntime(Map<String, Pattern> regexes) {
    InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
      case "status" -> ResourceStatus.builder((String) args[0]).admittedCalls(7).waitedCalls(3).rejectedCalls(1)
          .wouldRejectCalls(5).tokens(30, 12, 42).tokensLeftPerMinute(958).maxConcurrentTasks(2).build();
      case "agentIds" -> regexes.keySet();
      case "currentAgentId" -> agentOf(regexes, Thread.currentThread().getName());
      case "awaitResources" -> Boolean.TRUE; // nothing is governed, so resources are always there
      case "toString" -> "fake governor runtime";
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> null; // the hooks (enter, enterTool, exit...): null passes the call through ungoverned
    };
    return (GovernorRuntime) Proxy.newProxyInstance(
        GovernorRuntime.class.getClassLoader(), new Class<?>[] {GovernorRuntime.class}, handler);
  }

  private static String agentOf(Map<String, Pattern> regexes, String thread) {
    return regexes.entrySet().stream().filter(e -> e.getValue().matcher(thread).matches())
        .map(Map.Entry::getKey).findFirst().orElse("default");
  }
}
