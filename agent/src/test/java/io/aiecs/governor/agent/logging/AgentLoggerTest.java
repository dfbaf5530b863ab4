package io.aiecs.governor.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AgentLoggerTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream stderr;

  @BeforeEach
  void capture() {
    stderr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(stderr);
    AgentLog.configure("info");
  }

  private String out() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void linesHaveTheTimeTheLevelTheNameAndTheFormattedMessage() {
    AgentLog.configure("info");
    AgentLog.get().info("woven {} in {} ms", "com.example.Client", 12);

    assertThat(out()).matches(
        "\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d \\[INFO] aiecs-governor - woven com.example.Client in 12 ms\\R");
  }

  @Test
  void theTimeIsPaddedLikeHhMmSsSss() {
    StringBuilder sb = new StringBuilder();
    AgentLogger.time(sb, LocalTime.of(7, 5, 3, 4_000_000));
    assertThat(sb).hasToString("07:05:03.004");
    sb.setLength(0);
    AgentLogger.time(sb, LocalTime.of(23, 59, 59, 999_999_999));
    assertThat(sb).hasToString("23:59:59.999");
  }

  @Test
  void theTimeIsTheLocalTimeOfDayOfTheDefaultZone() {
    java.util.TimeZone saved = java.util.TimeZone.getDefault();
    try {
      for (String zone : new String[] {"UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Paris"}) {
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(zone));
        for (long millis : new long[] {0L, 1_795_908_472_310L, 1_711_846_800_000L, -86_399_999L}) {
          assertThat(AgentLogger.localTime(millis)).as("%s at %d", zone, millis).isEqualTo(LocalTime.ofInstant(
              java.time.Instant.ofEpochMilli(millis), java.time.ZoneId.of(zone)));
        }
      }
    } finally {
      java.util.TimeZone.setDefault(saved);
    }
  }

  @Test
  void belowTheLevelNothingIsWrittenAndAThrowableFollowsItsLine() {
    AgentLog.configure("warn");
    AgentLog.get().info("not shown");
    AgentLog.get().debug("not shown either");
    assertThat(AgentLog.get().isDebugEnabled()).isFalse();
    AgentLog.get().warn("failed: {}", "export", new IllegalStateException("boom"));

    assertThat(out()).doesNotContain("not shown");
    assertThat(out()).contains("[WARN] aiecs-governor - failed: export")
        .contains("java.lang.IllegalStateException: boom");

    AgentLog.configure("DEBUG");
    assertThat(AgentLog.get().isDebugEnabled()).isTrue();
  }

  @Test
  void slf4jsLoggerFactoryHandsOutTheAgentsLogger() {
    assertThat(LoggerFactory.getLogger("x")).isInstanceOf(AgentLogger.class);
  }
}
