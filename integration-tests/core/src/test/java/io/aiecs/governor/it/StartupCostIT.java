package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.hosts.OpenAiHost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guards what silently blows up what the agent costs a host (issue 6; {@code benchmarks/} measures the time,
 * this checks the causes): how much it weaves and loads at start, that it opens no connection when metrics
 * export is {@code none}, and that a collector that never answers does not hold the host's exit.
 */
class StartupCostIT {
  /**
   * Classes a small host loads from the agent jar with telemetry off: the launcher, configuration, limits and
   * runtime, the OpenAI module, and Byte Buddy's weaving path (loaded when the first client class is woven). 1,308
   * were measured with every client module when the weaver was Byte Buddy's {@code AgentBuilder}; 920 once modules
   * were made only for the libraries a host has; the budget (about 15 % above) catches a module or library that
   * starts loading eagerly.
   */
  private static final int AGENT_CLASS_BUDGET = 1_050;
  /**
   * Method-handle classes ({@code LambdaForm$MH/0x...} spun, {@code BoundMethodHandle$Species_...}) loaded by the
   * agent's start on the host's main thread. With lambdas and streams in premain and javac's invokedynamic string
   * concatenation, 111 were measured with this test's settings (101 LambdaForms, 10 species; JDK 17), 13 of them
   * by the launcher's concatenations alone; without, 0. The budget leaves room for a JDK that spins a few of its
   * own there. (The JDK's own lambdas are not counted: a user's regex and Byte Buddy's proxies of JDK APIs, made for
   * the configured tool and entry methods, load 9 in {@code java.util.regex} and {@code java.lang.reflect}.)
   */
  private static final int SPUN_CLASS_BUDGET = 10;
  /**
   * Added to the budget where core reflection runs on method handles (JDK 18 and later, JEP 416; seen as the JDK's
   * {@code DirectMethodHandleAccessor} loading): reflective calls then spin method-handle classes themselves. On
   * JDK 25, 35 were measured in this window: 7 for the JVM's own reflective call of premain, 22 for the launcher's
   * two reflective hops (into the bootstrap loader, then into the agent's loader: one call shape, so the second
   * mostly reuses the first's), 6 for Byte Buddy's dispatchers of JDK APIs.
   */
  private static final int REFLECTION_SPUN_CLASSES = 30;
  /** What the agent runs before the host's main, apart from the instrumentation modules and the weaver. */
  private static final List<String> START_PATH_PACKAGES = List.of("io.aiecs.governor.launcher.",
      "io.aiecs.governor.agent.AgentInstaller", "io.aiecs.governor.agent.config.", "io.aiecs.governor.agent.logging.",
      "io.aiecs.governor.agent.limits.", "io.aiecs.governor.agent.attribution.", "io.aiecs.governor.agent.runtime.",
      "io.aiecs.governor.agent.instrumentation.tools.", "io.aiecs.governor.agent.instrumentation.references.");
  /** Packages of the instrumentation modules of client libraries the OpenAI host does not have. */
  private static final List<String> OTHER_LIBRARIES =
      List.of("anthropic", "bedrock", "genai", "langchain4j", "springai", "mcp");

  private FakeOpenAiServer server;
  /** Stands in for an OpenTelemetry collector that accepts connections and never answers. */
  private ServerSocket collector;
  private final AtomicInteger collectorConnections = new AtomicInteger();
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = FakeOpenAiServer.builder().build().start();
    collector = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!collector.isClosed()) {
        try {
          held.add(collector.accept());
          collectorConnections.incrementAndGet();
        } catch (IOException closed) {
          return;
        }
      }
    }, "silent-collector");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    collector.close();
    for (Socket s : held) {
      s.close();
    }
  }

  private String collectorUrl() {
    return "http://127.0.0.1:" + collector.getLocalPort();
  }

  @Test
  void onlyTheClientsOwnClassesAreWovenAndTheAgentLoadsABoundedNumberOfClasses() throws Exception {
    ClassLoads run = loggingClassLoads(host(OpenAiHost.class).args("baseUrl=" + server.baseUrl()));
    HostProcess h = run.host();
    // the woven classes, from the weaver's debug lines: the blocking chat service and the HTTP call under it, and
    // the JDK pools the JVM loaded (a governed call in flight follows its work into pools), and the SDK's
    // per-attempt transport (reject-as=client: a refusal answered inside the SDK's own retry loop) and its sleeper
    // (an async retry, sent from the SDK's timer thread, stays part of its call)
    List<String> woven = h.stderr().stream().filter(l -> l.contains("aiecs-governor - woven "))
        .map(l -> l.substring(l.indexOf("woven ") + "woven ".length()).replaceAll(" in \\d+ ms$", "").trim())
        .toList();
    // the JDK's pools are woven when this JVM loads them: OkHttp's dispatcher loads ThreadPoolExecutor, and JDK 25
    // loads ForkJoinPool before any agent runs (woven by retransformation in premain)
    List<String> expected = new java.util.ArrayList<>(List.of(
        "com.openai.services.blocking.chat.ChatCompletionServiceImpl", "okhttp3.internal.connection.RealCall",
        "com.openai.client.okhttp.OkHttpClient", "com.openai.core.DefaultSleeper"));
    for (String pool : List.of("java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool",
        "java.util.concurrent.ScheduledThreadPoolExecutor")) {
      if (run.lines().stream().anyMatch(l -> l.contains(" " + pool + " source:"))) {
        expected.add(pool);
      }
    }
    assertThat(expected).contains("java.util.concurrent.ThreadPoolExecutor");
    assertThat(woven).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(h.stderr()).noneMatch(l -> l.contains("could not instrument"));

    List<String> agentClasses = run.lines().stream()
        .filter(l -> l.contains("source: ") && l.contains(HostProcess.AGENT_JAR.getFileName().toString()))
        .toList();
    assertThat(agentClasses).as("classes loaded from the agent jar").isNotEmpty().hasSizeLessThan(AGENT_CLASS_BUDGET);
    // weaving is Advice over a plain ASM pass: Byte Buddy's type builder (its type writer and the method graph it
    // compiles from every supertype's class file, some 150 classes) stays unloaded
    assertThat(agentClasses).as("Byte Buddy's type builder").noneMatch(l ->
        l.contains(".bytebuddy.dynamic.scaffold.TypeWriter") || l.contains(".bytebuddy.dynamic.scaffold.MethodGraph")
            || l.contains(".bytebuddy.dynamic.DynamicType$Builder"));
    // Byte Buddy runs with raw types: no generic signature of the class files read (the library's types, the woven
    // classes) is parsed; ASM's signature reader was the agent's costliest method for C2 to compile at start
    assertThat(agentClasses).as("generic signatures parsed").noneMatch(l ->
        l.contains(".bytebuddy.jar.asm.signature.SignatureReader ") || l.contains("$GenericTypeExtractor"));
    // a module is made when a class of its library loads (or its library is on the class path): the other
    // libraries' modules cost this host nothing
    assertThat(agentClasses).as("classes of modules for libraries this host does not use").noneMatch(l ->
        OTHER_LIBRARIES.stream().anyMatch(pkg -> l.contains(".agent.instrumentation." + pkg + ".")));
  }

  /**
   * What runs before the host's {@code main} (premain: configuration, logging, the runtime's build, the weaver's
   * registration) spins no lambda, stream or method handle, and bootstraps no record method (issue 6): each costs
   * interpreted time on the host's main thread. The settings exercise every kind of value (numbers, durations, a
   * regex, method lists, the process scope, entry points and tool methods). Counts only, never times: robust on a
   * loaded machine.
   */
  @Test
  void theAgentsStartSpinsNoLambdasStreamsOrMethodHandlesBeforeTheHostsMain() throws Exception {
    ClassLoads run = loggingClassLoads(host(OpenAiHost.class).args("baseUrl=" + server.baseUrl())
        .governor("max-tokens-per-minute", 100_000)
        .governor("token-burst-size", 50_000)
        .governor("resource-wait-timeout-seconds", "2.5")
        .governor("task-timeout-seconds", "none")
        .governor("throttle-threshold", "0.9")
        .governor("global.max-concurrent-tasks", 8)
        .governor("agent.research.match.thread", "research-.*")
        .governor("agent.research.max-concurrent-tasks", 2)
        .governor("agent.research.entry", "com.example.Research#run")
        .governor("agent.batch.match.caller", "com.example.batch")
        .governor("tool-methods", "com.example.Tools#search;com.example.Tools#*")
        .governor("instrumentation.mcp.enabled", false));

    assertThat(run.host().stderr()).anyMatch(l -> l.contains("aiecs-governor - started in "));
    List<String> beforeMain = between(run.lines(), " io.aiecs.governor.launcher.AgentLauncher source:",
        " " + OpenAiHost.class.getName() + " source:");
    // the configuration, logging, the runtime's build and the weaving's registration, on whatever thread
    assertThat(beforeMain).as("lambdas of the agent's start path before the host's main").noneMatch(l ->
        l.contains("$$Lambda") && START_PATH_PACKAGES.stream().anyMatch(pkg -> l.contains(" " + pkg)));
    // the main thread's start, up to the weaver's warm-up thread (Weaver$Weaving is the first class of the
    // weaving side it loads), whose low-priority work overlaps the host's start by design: everything in
    // this part ran on the host's main thread
    List<String> premain = between(beforeMain, " io.aiecs.governor.launcher.AgentLauncher source:",
        " io.aiecs.governor.agent.instrumentation.Weaver$Weaving source:");
    assertThat(premain).as("the agent's start on the host's main thread").isNotEmpty()
        .anyMatch(l -> l.contains(" io.aiecs.governor.agent.config.ValueParser source:"))
        .anyMatch(l -> l.contains(" io.aiecs.governor.agent.instrumentation.tools.EntryPointsModule source:"));
    assertThat(premain).as("lambdas and method references of the agent's own code")
        .noneMatch(l -> l.contains(" io.aiecs.") && l.contains("$$Lambda"));
    assertThat(premain).as("record equals/hashCode/toString bootstrapped (ObjectMethods)")
        .noneMatch(l -> l.contains(" java.lang.runtime.ObjectMethods "));
    List<String> spun = premain.stream().filter(l ->
        (l.contains(" java.lang.invoke.LambdaForm$") && l.contains("/0x"))
        || l.contains(" java.lang.invoke.BoundMethodHandle$Species_")).toList();
    boolean reflectionOnMethodHandles = run.lines().stream()
        .anyMatch(l -> l.contains(" jdk.internal.reflect.DirectMethodHandleAccessor source:"));
    assertThat(spun).as("method-handle classes spun by the agent's start on the main thread")
        .hasSizeLessThanOrEqualTo(SPUN_CLASS_BUDGET + (reflectionOnMethodHandles ? REFLECTION_SPUN_CLASSES : 0));
  }

  /** A host run and the JVM's class-load log of it. */
  private record ClassLoads(HostProcess host, List<String> lines) {}

  /**
   * Runs {@code host} with the agent's debug lines, metrics export {@code none} and the JVM's class-load log, and
   * checks that its one call was answered.
   */
  private static ClassLoads loggingClassLoads(HostProcess.Builder host) throws IOException, InterruptedException {
    Path classLog = Files.createTempFile("aiecs-class-load", ".log");
    try {
      HostProcess h = host.governor("log-level", "debug")
          .governor("otel.metrics.exporter", "none")
          .jvm("-Xlog:class+load:file=" + classLog)
          .run();
      assertThat(h.count("OK")).isEqualTo(1);
      return new ClassLoads(h, Files.readAllLines(classLog));
    } finally {
      Files.deleteIfExists(classLog);
    }
  }

  /**
   * The class-load lines from the first containing {@code from} up to (not including) the first after it containing
   * {@code to}, or to the end if none does.
   */
  private static List<String> between(List<String> classLoadLog, String from, String to) {
    int start = -1;
    for (int i = 0; i < classLoadLog.size(); i++) {
      String line = classLoadLog.get(i);
      if (start < 0 && line.contains(from)) {
        start = i;
      } else if (start >= 0 && line.contains(to)) {
        return classLoadLog.subList(start, i);
      }
    }
    assertThat(start).as("a class-load line containing " + from).isNotNegative();
    return classLoadLog.subList(start, classLoadLog.size());
  }

  @Test
  void metricsExportNoneOpensNoConnectionToTheCollector() throws Exception {
    HostProcess h = host(OpenAiHost.class).args("baseUrl=" + server.baseUrl(), "calls=2")
        .jvm("-Dotel.metrics.exporter=none")
        .jvm("-Dotel.exporter.otlp.endpoint=" + collectorUrl())
        .jvm("-Dotel.metric.export.interval=100")
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(collectorConnections).as("connections to the collector").hasValue(0);
  }

  @Test
  void aCollectorThatNeverAnswersDoesNotHoldTheHostsExit() throws Exception {
    HostProcess h = host(OpenAiHost.class).args("baseUrl=" + server.baseUrl(), "calls=2")
        .jvm("-Dotel.exporter.otlp.endpoint=" + collectorUrl())
        .jvm("-Dotel.metric.export.interval=60000")
        .start();

    h.awaitLine(l -> l.startsWith("STATUS "), Duration.ofSeconds(60));
    long mainDone = System.nanoTime();
    assertThat(h.awaitExit(Duration.ofSeconds(60))).isZero();
    long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - mainDone);

    assertThat(h.count("OK")).isEqualTo(2);
    // the exit flush tried: the recorded calls were on their way to the collector
    assertThat(collectorConnections.get()).as("connections to the collector").isPositive();
    // at most a second of flush (it was up to 10 s, and about 5 against a collector that is down), plus the
    // JVM's own exit on a loaded machine
    assertThat(exitMillis).as("ms from the end of main to the exit").isLessThan(4_000);
  }
}
