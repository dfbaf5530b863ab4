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
      long requestsAtAttach = server.requestCount();

      h.awaitLine(l -> l.contains(" REJECTED TOKENS_PER_MINUTE "), Duration.ofSeconds(30));
      Files.createFile(stop);
      h.finish();

      // 100 tokens per minute at 60 per call: two calls after the attach, then refusals that never reach the
      // server (a call already under way when the agent arrived may add one more).
      assertThat(server.requestCount() - requestsAtAttach).isBetween(2L, 3L);
      assertThat(h.statusLong("default", "total")).isBetween(120L, 180L);
      List<String> stderr = h.stderr();
      assertThat(stderr).anySatisfy(l -> assertThat(l).contains("aiecs-governor").contains("active (attached)"));
    }
  }

  private static void awaitOkCount(HostProcess h, int n) throws InterruptedException {
    h.awaitLine(l -> h.count("OK") >= n, Duration.ofSeconds(30));
  }
}
