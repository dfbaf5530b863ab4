package io.aiecs.governor.demo.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fake server saw: the ground truth integration tests compare the governor's own accounting against.
 * All counters change before the response's last bytes are written, so a client that has its answer can read
 * them at once, without polling.
 */
final class Observations {
  private final Object monitor = new Object(); // guards inFlight/maxInFlight/log and signals awaitInFlight
  private int inFlight;
  private int maxInFlight;
  private final List<RequestRecord> log = new ArrayList<>();

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();
  private final Map<String, AtomicLong> requestsByAgent = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> tokensByAgent = new ConcurrentHashMap<>();

  void arrived(String agent) {
    requests.incrementAndGet();
    requestsByAgent.computeIfAbsent(agent, a -> new AtomicLong()).incrementAndGet();
    synchronized (monitor) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      monitor.notifyAll();
    }
  }

  /**
   * Ends a request's time in flight. Called before its last bytes go out: were it called after, a client
   * could receive its answer, let the governor admit the next call, and that call could arrive while this one
   * still counts, making the server report more concurrency than the client ever had.
   */
  void departed(RequestRecord record) {
    if (record.status() == 429) {
      rateLimited.incrementAndGet();
    }
    promptTokens.addAndGet(record.promptTokens());
    completionTokens.addAndGet(record.completionTokens());
    tokensByAgent.computeIfAbsent(record.agent(), a -> new AtomicLong()).addAndGet(record.totalTokens());
    synchronized (monitor) {
      inFlight--;
      log.add(record);
      monitor.notifyAll();
    }
  }

  /** Marks an already logged request as abandoned by its client (the write of its response failed). */
  void clientClosedEarly(RequestRecord record) {
    synchronized (monitor) {
      int i = log.lastIndexOf(record);
      if (i >= 0) {
        log.set(i, record.closedEarly());
      }
      monitor.notifyAll();
    }
  }

  /** Waits until a logged request was abandoned by its client; false on timeout. */
  boolean awaitClientClosedEarly(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (log.stream().noneMatch(RequestRecord::clientClosedEarly)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  boolean awaitInFlight(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (inFlight < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  int inFlight() {
    synchronized (monitor) {
      return inFlight;
    }
  }

  int maxInFlight() {
    synchronized (monitor) {
      return maxInFlight;
    }
  }

  List<RequestRecord> log() {
    synchronized (monitor) {
      return List.copyOf(log);
    }
  }

  long requests() {
    return requests.get();
  }

  long rateLimited() {
    return rateLimited.get();
  }

  long promptTokens() {
    return promptTokens.get();
  }

  long completionTokens() {
    return completionTokens.get();
  }

  Map<String, Long> requestsByAgent() {
    return snapshot(requestsByAgent);
  }

  Map<String, Long> tokensByAgent() {
    return snapshot(tokensByAgent);
  }

  /** Clears the counters; requests still in flight keep counting as in flight (and towards the new maximum). */
  void reset() {
    requests.set(0);
    rateLimited.set(0);
    promptTokens.set(0);
    completionTokens.set(0);
    requestsByAgent.clear();
    tokensByAgent.clear();
    synchronized (monitor) {
      maxInFlight = inFlight;
      log.clear();
    }
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }
}
