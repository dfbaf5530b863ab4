package io.aiecs.governor.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovernorCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final GovernorCli cli = new GovernorCli(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8), new File("aiecs-governor.jar"));

  @Test
  void noCommandPrintsUsageNamingEveryCommand() {
    assertThat(cli.execute(List.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("attach <pid>", "status <pid>", "help");
  }

  @Test
  void badArgumentsAreRefusedWithAReason() {
    assertThat(cli.execute(List.of("attach"))).isEqualTo(2);
    assertThat(cli.execute(List.of("attach", "123", "novalue"))).isEqualTo(2);
    assertThat(cli.execute(List.of("status", "x"))).isEqualTo(2);
    assertThat(cli.execute(List.of("bogus"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("attach needs the process id")
        .contains("'novalue' is not key=value")
        .contains("status needs the process id")
        .contains("unknown command 'bogus'");
  }

  @Test
  void statusTableAlignsOneRowPerAgent() {
    String table = StatusTable.render(List.of(
        new StatusTable.AgentRow("research", true, "", 1, 2, 0, 970, -1, 5, 1, 0, 30),
        new StatusTable.AgentRow("chatty", false, "max-tokens-per-minute spent", 0, -1, 0, -40, -1, 3, 0, 7, 9000)));
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("AGENT").contains("TOKENS LEFT/MIN");
    assertThat(lines.get(1)).startsWith("research").contains(" yes ").contains("1/2").contains("unlimited");
    assertThat(lines.get(2)).startsWith("chatty").contains(" no ").contains("0/unlimited")
        .endsWith("max-tokens-per-minute spent");
    assertThat(lines.get(1).indexOf("yes")).isEqualTo(lines.get(2).indexOf("no"));
  }
}
