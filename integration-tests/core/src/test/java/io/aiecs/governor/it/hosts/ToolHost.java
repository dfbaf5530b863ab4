package io.aiecs.governor.it.hosts;

import java.util.Map;

/** A host whose own methods are tools ({@code aiecs.governor.tool-methods}); it calls them {@code calls} times. */
public final class ToolHost {
  /** The application's tool: knows nothing of the governor. */
  public static final class Tools {
    public String search(String query) {
      return "results for " + query;
    }

    public int add(int a, int b) {
      return a + b;
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    Tools tools = new Tools();
    Thread worker = new Thread(() -> {
      for (int i = 0; i < calls; i++) {
        try {
          String r = tools.search("q" + i);
          int sum = tools.add(i, 1);
          System.out.println("CALL " + Thread.currentThread().getName() + " OK " + r.length() + " " + sum);
        } catch (Throwable t) {
          HostOutput.failed(t);
        }
      }
    }, a.getOrDefault("thread", "tools-0"));
    worker.start();
    worker.join();
    HostOutput.statusOfAllAgents();
  }
}
