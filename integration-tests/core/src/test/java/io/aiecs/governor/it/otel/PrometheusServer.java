package io.aiecs.governor.it.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a free loopback port, with its own
 * configuration and data directory, scraping one target every second. Installed with apt-get when missing and
 * running as root (CI installs it in {@code .ci/run}); never started as a system service.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts Prometheus scraping {@code target} ({@code host:port}) every second. */
  public static PrometheusServer scraping(String target) throws IOException, InterruptedException {
    ensureInstalled();
    Path dir = Files.createTempDirectory("aiecs-prometheus");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: governed-host
            static_configs:
              - targets: ['%s']
        """.formatted(target));
    int port = freePort();
    Process p = new ProcessBuilder(BINARY.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    return new PrometheusServer(p, port, dir);
  }

  /** Runs an instant query until it returns at least one series, and returns the first value. */
  public double awaitValue(String promQl, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = query(promQl);
        JsonNode result = last.path("data").path("result");
        if (result.size() > 0) {
          return Double.parseDouble(result.get(0).path("value").get(1).asText());
        }
      } catch (IOException notUpYet) {
        last = null;
      }
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError("no series for " + promQl + " within " + timeout + "; last answer " + last
        + "\nprometheus log:\n" + Files.readString(dir.resolve("prometheus.log")));
  }

  /** The metric names Prometheus has, from its label-values API. */
  public List<String> metricNames() throws IOException, InterruptedException {
    JsonNode names = get("/api/v1/label/__name__/values").path("data");
    return java.util.stream.StreamSupport.stream(names.spliterator(), false).map(JsonNode::asText).toList();
  }

  private JsonNode query(String promQl) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8));
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void ensureInstalled() throws IOException, InterruptedException {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    if ("root".equals(System.getProperty("user.name"))) {
      // --no-install-recommends: the binary alone; the package's service is not started in a container
      new ProcessBuilder("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
          + " --no-install-recommends prometheus").inheritIO().redirectOutput(new File("/dev/null")).start()
          .waitFor(10, TimeUnit.MINUTES);
    }
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " missing: install Debian's prometheus package (apt-get install prometheus)");
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
