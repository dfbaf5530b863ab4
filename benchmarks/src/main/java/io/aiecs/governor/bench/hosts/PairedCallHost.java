package io.aiecs.governor.bench.hosts;

import com.openai.client.OpenAIClient;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The per-call host: the same openai-java client twice in one process, the application's copy and a second copy of
 * the whole class path in {@link PlainCopyLoader}, which the governed run names in
 * {@code aiecs.governor.exclude-class-loaders} so that it is never woven. Both call the same local server on one
 * thread, in alternating batches ({@code warmup} calls each first, then {@code pairs} pairs of {@code batch} calls,
 * the first copy first in even pairs). For each pair it prints both batches' latency percentiles and the process's
 * CPU time per call while each ran (the agent's work included, whatever its thread). With {@code profiler=<library>}
 * and {@code profile=<file>} the timed pairs (not the start, not the warm-up) run under async-profiler, CPU samples
 * every millisecond, written as collapsed stacks.
 *
 * <p>Why one process: between two processes of the same variant the latency moves by tens of microseconds (JIT
 * decisions, memory layout), which hid the governor's cost when each variant ran in processes of its own. Here both
 * copies share the JVM, its heap, the machine's state of the moment and the server connection's path; only the
 * advice differs.
 */
public final class PairedCallHost {
  /** Loads the class path again, apart from the application's class loader: the copy the governor leaves alone. */
  public static final class PlainCopyLoader extends URLClassLoader {
    PlainCopyLoader(URL[] urls) {
      super("plain-copy", urls, ClassLoader.getPlatformClassLoader());
    }
  }

  public static void main(String[] argv) throws Exception {
    HostArgs args = new HostArgs(argv);
    String baseUrl = args.get("baseUrl");
    boolean stream = args.get("mode", "sync").equals("stream");
    int batch = args.getInt("batch", 1_000);
    int pairs = args.getInt("pairs", 10);
    int warmup = args.getInt("warmup", 20_000);
    LongSupplier first = caller(baseUrl, stream);
    PlainCopyLoader copy = new PlainCopyLoader(classPath()); // open until exit: the second client's classes
    LongSupplier second = (LongSupplier) Class.forName(PairedCallHost.class.getName(), true, copy)
        .getMethod("caller", String.class, boolean.class).invoke(null, baseUrl, stream);
    long[] nanos = new long[batch];
    long sink = 0;
    long firstCalls = 0;
    for (int done = 0; done < warmup; done += batch) {
      sink += measure(first, nanos).tokens + measure(second, nanos).tokens;
      firstCalls += batch;
    }
    Profiling profiling = Profiling.start(args.get("profiler", null), args.get("profile", null));
    for (int p = 0; p < pairs; p++) {
      boolean firstFirst = p % 2 == 0;
      Batch a = measure(firstFirst ? first : second, nanos);
      Batch b = measure(firstFirst ? second : first, nanos);
      Batch ofFirst = firstFirst ? a : b;
      Batch ofSecond = firstFirst ? b : a;
      sink += a.tokens + b.tokens;
      firstCalls += batch;
      System.out.println("PAIR first " + ofFirst + " second " + ofSecond);
    }
    profiling.stop();
    System.out.println("TOKENS " + sink);
    System.out.println("FIRST_CALLS " + firstCalls);
    System.out.println("ADMITTED " + admittedCalls());
    System.exit(0);
  }

  /**
   * Calls the governor admitted (-1 without the agent), read through its public API on the boot class path: the
   * driver checks it against the first copy's calls, so that a woven second copy cannot pass unnoticed.
   */
  private static long admittedCalls() throws Exception {
    Class<?> governor;
    try {
      governor = Class.forName("io.aiecs.governor.Governor");
    } catch (ClassNotFoundException e) {
      return -1;
    }
    Object status = governor.getMethod("status", String.class).invoke(null, "default");
    return (Long) status.getClass().getMethod("admittedCalls").invoke(status);
  }

  /** A caller of one chat call (its tokens) through a client of this class's own loader's copy of openai-java. */
  public static LongSupplier caller(String baseUrl, boolean stream) {
    OpenAIClient client = Chat.client(baseUrl);
    return () -> Chat.call(client, stream);
  }

  /** async-profiler over the timed calls, or nothing. */
  private record Profiling(one.profiler.AsyncProfiler profiler, String file) {
    static Profiling start(String library, String file) throws Exception {
      if (library == null) {
        return new Profiling(null, null);
      }
      one.profiler.AsyncProfiler profiler = one.profiler.AsyncProfiler.getInstance(library);
      profiler.execute("start,event=cpu,interval=1ms,threads");
      return new Profiling(profiler, file);
    }

    void stop() throws Exception {
      if (profiler != null) {
        profiler.execute("stop,collapsed,file=" + file);
      }
    }
  }

  /** One batch's figures: latency percentiles in ns, CPU µs per call, tokens seen. */
  private record Batch(long p50, long p99, double cpuMicrosPerCall, long tokens) {
    @Override
    public String toString() {
      return "p50=" + p50 + " p99=" + p99 + " cpu=" + cpuMicrosPerCall;
    }
  }

  private static Batch measure(LongSupplier call, long[] nanos) {
    long tokens = 0;
    long cpuBefore = ProcessCpu.millis();
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      tokens += call.getAsLong();
      nanos[i] = System.nanoTime() - t0;
    }
    long cpuMillis = ProcessCpu.millis() - cpuBefore;
    Arrays.sort(nanos);
    return new Batch(nanos[nanos.length / 2], nanos[(int) (nanos.length * 0.99)],
        cpuMillis * 1000.0 / nanos.length, tokens);
  }

  private static URL[] classPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    return urls.toArray(new URL[0]);
  }
}
