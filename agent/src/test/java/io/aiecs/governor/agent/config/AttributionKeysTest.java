package io.aiecs.governor.agent.config;

import static io.aiecs.governor.agent.config.Sources.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.agent.config.CallerRule.Kind;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** tool-methods, and the per-agent entry, match.caller and match.model keys. */
class AttributionKeysTest {

  @Test
  void toolMethodsAcceptCommasAndSemicolonsAndDropRepeats() {
    ConfigResult r = Sources.sys("aiecs.governor.tool-methods",
        "com.example.Tools#search, com.example.Calc#* ;com.example.Tools#search,com.example.Outer$Inner#call,");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().toolMethods()).containsExactly(
        new MethodRef("com.example.Tools", "search"),
        new MethodRef("com.example.Calc", "*"),
        new MethodRef("com.example.Outer$Inner", "call"));
  }

  @Test
  void toolMethodsInAgentArgumentsWithSemicolons() {
    ConfigResult r = Sources.args("tool-methods=a.B#x;a.C#*,max-concurrent-tasks=2");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().toolMethods()).containsExactly(new MethodRef("a.B", "x"), new MethodRef("a.C", "*"));
    assertThat(r.config().globalLimits().maxConcurrentTasks()).isEqualTo(2);
  }

  @Test
  void toolMethodsInAgentArgumentsWithEscapedCommas() {
    ConfigResult r = Sources.args("tool-methods=a.B#x\\,a.C#*,max-concurrent-tasks=2");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().toolMethods()).containsExactly(new MethodRef("a.B", "x"), new MethodRef("a.C", "*"));
  }

  @Test
  void anUnescapedCommaInAgentArgumentsEndsTheValue() {
    assertThat(Sources.args("tool-methods=a.B#x,a.C#*").problems()).containsExactly(
        "agent argument \"a.C#*\": expected key=value");
  }

  @Test
  void emptyToolMethodsMeansNone() {
    ConfigResult r = ConfigLoader.load(null, map("aiecs.governor.tool-methods", " "),
        map("AIECS_GOVERNOR_TOOL_METHODS", "a.B#c"));

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().toolMethods()).as("a higher empty value switches a lower list off").isEmpty();
  }

  @Test
  void methodRefMatchesByClassAndName() {
    MethodRef run = new MethodRef("a.B", "run");
    MethodRef all = new MethodRef("a.B", "*");

    assertThat(run.matches("a.B", "run")).isTrue();
    assertThat(run.matches("a.B", "stop")).isFalse();
    assertThat(run.matches("a.BB", "run")).isFalse();
    assertThat(all.matches("a.B", "anything")).isTrue();
    assertThat(all.allMethods()).isTrue();
    assertThat(all.matches("a.B$C", "x")).as("nested classes are classes of their own").isFalse();
    assertThat(run).hasToString("a.B#run");
    assertThatThrownBy(() -> new MethodRef("", "run")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entryPointsPerAgentSortedById() {
    ConfigResult r = Sources.args("agent.writer.entry=com.example.Writer#write,"
        + "agent.research.entry=com.example.ResearchAgent#run;com.example.ResearchAgent#resume");

    assertThat(r.problems()).isEmpty();
    GovernorConfig c = r.config();
    assertThat(c.entryPoints().keySet()).containsExactly("research", "writer");
    assertThat(c.entryPoints().get("research")).containsExactly(
        new MethodRef("com.example.ResearchAgent", "run"), new MethodRef("com.example.ResearchAgent", "resume"));
    assertThat(c.entryPoints().get("writer")).containsExactly(new MethodRef("com.example.Writer", "write"));
    assertThat(c.agents()).containsKeys("research", "writer");
  }

  @Test
  void theSameEntryMethodForTwoAgentsIsAProblem() {
    ConfigResult r = ConfigLoader.load("agent.b.entry=com.x.A#run,agent.a.entry=com.x.A#run;com.x.A#stop",
        Map.of(), map("AIECS_GOVERNOR_AGENT_C_ENTRY", "com.x.A#stop;com.x.A#run"));

    assertThat(r.problems()).containsExactly(
        "aiecs.governor.agent.b.entry=com.x.A#run (agent argument): com.x.A#run is already an entry of agent a",
        "aiecs.governor.agent.c.entry=com.x.A#stop;com.x.A#run (environment variable AIECS_GOVERNOR_AGENT_C_ENTRY): "
            + "com.x.A#stop is already an entry of agent a",
        "aiecs.governor.agent.c.entry=com.x.A#stop;com.x.A#run (environment variable AIECS_GOVERNOR_AGENT_C_ENTRY): "
            + "com.x.A#run is already an entry of agent a");
  }

  @Test
  void theSameEntryMethodTwiceForOneAgentCountsOnce() {
    ConfigResult r = Sources.args("agent.a.entry=com.x.A#run;com.x.A#run");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().entryPoints().get("a")).containsExactly(new MethodRef("com.x.A", "run"));
  }

  @Test
  void callerRulesAreOrderedByAgentIdThenAsWritten() {
    ConfigResult r = Sources.args("agent.research.match.caller=com.example.research;com.example.ResearchAgent,"
        + "agent.audit.match.caller=com.example.Audit#check");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().callerRules()).containsExactly(
        new CallerRule("audit", "com.example.Audit#check", Kind.METHOD),
        new CallerRule("research", "com.example.research", Kind.PACKAGE),
        new CallerRule("research", "com.example.ResearchAgent", Kind.CLASS));
  }

  @Test
  void packageCallerRuleMatchesThePackageAndItsSubpackages() {
    CallerRule rule = CallerRule.of("r", "com.example.research");

    assertThat(rule.kind()).isEqualTo(Kind.PACKAGE);
    assertThat(rule.matches("com.example.research.Agent", "run")).isTrue();
    assertThat(rule.matches("com.example.research.deep.Tool", "x")).isTrue();
    assertThat(rule.matches("com.example.researchers.Agent", "run")).as("segment boundary").isFalse();
    assertThat(rule.matches("com.example.research", "run")).isFalse();
    assertThat(rule.matches(null, "run")).isFalse();
  }

  @Test
  void classCallerRuleMatchesTheClassAndItsNestedClasses() {
    CallerRule rule = CallerRule.of("r", "com.example.ResearchAgent");

    assertThat(rule.kind()).isEqualTo(Kind.CLASS);
    assertThat(rule.matches("com.example.ResearchAgent", "run")).isTrue();
    assertThat(rule.matches("com.example.ResearchAgent$Step", "run")).isTrue();
    assertThat(rule.matches("com.example.ResearchAgent$1", "run")).isTrue();
    assertThat(rule.matches("com.example.ResearchAgentTest", "run")).isFalse();
    assertThat(CallerRule.of("r", "Main").kind()).as("default package").isEqualTo(Kind.CLASS);
  }

  @Test
  void methodCallerRuleMatchesExactlyThatMethodOfThatClass() {
    CallerRule rule = CallerRule.of("r", "com.example.ResearchAgent#run");

    assertThat(rule.kind()).isEqualTo(Kind.METHOD);
    assertThat(rule.matches("com.example.ResearchAgent", "run")).isTrue();
    assertThat(rule.matches("com.example.ResearchAgent", "runAll")).isFalse();
    assertThat(rule.matches("com.example.ResearchAgent", "ru")).isFalse();
    assertThat(rule.matches("com.example.ResearchAgent$1", "run")).isFalse();
    assertThat(rule.matches("com.example.ResearchAgen", "run")).isFalse();
    assertThat(rule.matches("com.example.ResearchAgent", null)).isFalse();
    assertThatThrownBy(() -> new CallerRule("r", "a.B", Kind.METHOD)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallerRule("r", "a.B#c", Kind.CLASS)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modelRulesAreFullMatchesOrderedByAgentId() {
    ConfigResult r = Sources.args("agent.premium.match.model=gpt-4o(-\\d{4}.*)?,agent.cheap.match.model=.*-mini.*");

    assertThat(r.problems()).isEmpty();
    List<ModelRule> rules = r.config().modelRules();
    assertThat(rules).extracting(ModelRule::agentId).containsExactly("cheap", "premium");
    assertThat(rules.get(0).matches("gpt-4o-mini")).isTrue();
    assertThat(rules.get(1).matches("gpt-4o")).isTrue();
    assertThat(rules.get(1).matches("gpt-4o-2024-08-06")).isTrue();
    assertThat(rules.get(1).matches("my-gpt-4o")).as("full match, not find").isFalse();
    assertThat(rules.get(1).matches(null)).isFalse();
    assertThat(rules.get(0)).isEqualTo(new ModelRule("cheap", Pattern.compile(".*-mini.*")))
        .hasSameHashCodeAs(new ModelRule("cheap", Pattern.compile(".*-mini.*")));
  }

  @Test
  void environmentVariablesSetTheAttributionKeys() {
    ConfigResult r = Sources.env("AIECS_GOVERNOR_TOOL_METHODS", "a.Tools#search;a.Calc#*",
        "AIECS_GOVERNOR_AGENT_RESEARCH_BOT_ENTRY", "a.Research#run",
        "AIECS_GOVERNOR_AGENT_RESEARCH_BOT_MATCH_CALLER", "a.research",
        "AIECS_GOVERNOR_AGENT_CHEAP_MATCH_MODEL", "gpt-4o-mini");

    assertThat(r.problems()).isEmpty();
    GovernorConfig c = r.config();
    assertThat(c.toolMethods()).hasSize(2);
    assertThat(c.entryPoints()).containsOnlyKeys("research_bot");
    assertThat(c.callerRules()).containsExactly(new CallerRule("research_bot", "a.research", Kind.PACKAGE));
    assertThat(c.modelRules()).extracting(ModelRule::agentId).containsExactly("cheap");
  }

  @Test
  void keysInTheWrongScopeSayWhereTheyBelong() {
    assertThat(Sources.args("entry=a.B#c").problems()).containsExactly(
        "aiecs.governor.entry=a.B#c (agent argument): entry is set per agent only; "
            + "use aiecs.governor.agent.<id>.entry");
    assertThat(Sources.args("agent.bot.tool-methods=a.B#c").problems()).containsExactly(
        "aiecs.governor.agent.bot.tool-methods=a.B#c (agent argument): tool-methods cannot be set per agent; "
            + "use aiecs.governor.tool-methods");
    assertThat(Sources.env("AIECS_GOVERNOR_MATCH_MODEL", "x").problems()).containsExactly(
        "aiecs.governor.match.model=x (environment variable AIECS_GOVERNOR_MATCH_MODEL): "
            + "match.model is set per agent only; use AIECS_GOVERNOR_AGENT_<ID>_MATCH_MODEL");
  }

  @Test
  void misspeltAttributionKeysGetSuggestions() {
    assertThat(Sources.args("agent.bot.match_caller=a.b").problems()).containsExactly(
        "aiecs.governor.agent.bot.match_caller=a.b (agent argument): unknown key; "
            + "did you mean aiecs.governor.agent.bot.match.caller?");
    assertThat(Sources.args("tool-method=a.B#c").problems()).containsExactly(
        "aiecs.governor.tool-method=a.B#c (agent argument): unknown key; did you mean aiecs.governor.tool-methods?");
    assertThat(Sources.args("agent.bot.entries=a.B#c").problems()).containsExactly(
        "aiecs.governor.agent.bot.entries=a.B#c (agent argument): unknown key; "
            + "did you mean aiecs.governor.agent.bot.entry?");
  }

  @Test
  void rulesTakePartInEquality() {
    String args = "tool-methods=a.B#c,agent.x.entry=a.X#run,agent.x.match.caller=a.x,agent.x.match.model=m.*";

    assertThat(Sources.args(args).config()).isEqualTo(Sources.args(args).config())
        .hasSameHashCodeAs(Sources.args(args).config())
        .isNotEqualTo(Sources.args(args.replace("m.*", "n.*")).config())
        .isNotEqualTo(Sources.args(args.replace("a.x,", "a.y,")).config())
        .isNotEqualTo(Sources.args(args.replace("a.X#run", "a.X#go")).config())
        .isNotEqualTo(Sources.args(args.replace("a.B#c", "a.B#d")).config());
  }
}
