package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.hosts.LoopingHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code java -jar aiecs-governor.jar attach <pid>} governs a JVM that is already running and calling. */
class AttachIT {
  @Test
  void callsAfterTheAttachAreGoverned() throws Exception {
    Path stop = HostProcess.tempDir().resolve("stop");
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().promptTokens(40).completionTokens(20).build().start();
         HostProcess h = host(LoopingHost.class).withoutAgent()
             .args("baseUrl=" + server.baseUrl(), "stopFile=" + stop, "periodMillis=25")
             .start()) {
      h.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(30));
      // mid-traffic: several ungoverned calls have gone through already
      awaitOkCount(h, 5);
      assertThat(h.count("REJECTED")).isZero();

      HostProcess cli = HostProcess.agentCli("attach", String.valueOf(h.pid()),
          "max-tokens-per-minute=100", "reject-on-limit=true");
      assertThat(cli.awaitExit(Duration.ofSeconds(60))).as("attach exit code; %s %s", cli.stdout(), cli.stderr())
          .isZero();
      assertThat(cli.stdout()).anySatisfy(l -> assertThat(l).contains("attached to JVM " + h.pid()));

      h.awaitLine(l -> l.contains(" REJECTED TOKENS_PER_MINUTE "), Duration.ofSeconds(30));
      // the server saw every call that succeeded and none that was refused
      assertThat(server.requestCount()).isEqualTo(h.count("OK"));

      // status <pid>: the table the operator sees, read over JMX from the live host
      HostProcess status = HostProcess.agentCli("status", String.valueOf(h.pid()));
      assertThat(status.awaitExit(Duration.ofSeconds(60))).as("status: %s", status.stderr()).isZero();
      assertThat(status.stdout().get(0)).startsWith("AGENT").contains("ADMITTED").contains("REJECTED");
      String[] row = status.stdout().stream().filter(l -> l.startsWith("default ")).findFirst().orElseThrow()
          .trim().split("\\s+");
      // AGENT AVAILABLE TASKS WAITING LEFT/MIN LEFT/H ADMITTED WAITED REJECTED TOKENS REASON...
      assertThat(row[1]).isEqualTo("no");
      // 100 tokens per minute at 60 per call: two calls admitted after the attach (a call already under way
      // when the agent arrived is not governed), then refusals
      assertThat(Long.parseLong(row[6])).isEqualTo(2);
      assertThat(Long.parseLong(row[8])).isPositive();
      assertThat(Long.parseLong(row[9])).isEqualTo(120);
      assertThat(String.join(" ", java.util.Arrays.copyOfRange(row, 10, row.length))).contains("max-tokens-per-minute");

      // attach again with a new limit: applied at run time, calls flow again
      HostProcess raise = HostProcess.agentCli("attach", String.valueOf(h.pid()), "max-tokens-per-minute=1000000");
      assertThat(raise.awaitExit(Duration.ofSeconds(60))).isZero();
      long okBefore = h.count("OK");
      h.awaitLine(l -> h.count("OK") >= okBefore + 3, Duration.ofSeconds(30));
      Files.createFile(stop);
      h.finish();

      assertThat(h.stderr()).anySatisfy(l -> assertThat(l).contains("limits changed at run time"));
      List<String> stderr = h.stderr();
      assertThat(stderr).anySatisfy(l -> assertThat(l).contains("aiecs-governor").contains("active (attached)"));
    }
  }

  private static void awaitOkCount(HostProcess h, int n) throws InterruptedException {
    h.awaitLine(l -> h.count("OK") >= n, Duration.ofSeconds(30));
  }
}
