package io.aiecs.governor.demo.server;

import java.time.Duration;

/**
 * Hold mode of the fake server: while closed, requests park here (still counted in flight), so a test can pile
 * up exactly the concurrency it wants and release it when it has looked.
 */
final class HoldGate {
  /** A parked request gives up after this, so a test that forgets to release cannot hang a build forever. */
  private static final Duration SAFETY_LIMIT = Duration.ofMinutes(2);

  private boolean holding;
  private int passes;
  private int held;
  private boolean shutDown;

  synchronized void hold() {
    holding = true;
    passes = 0;
  }

  synchronized void releaseAll() {
    holding = false;
    passes = 0;
    notifyAll();
  }

  synchronized void release(int n) {
    passes += n;
    notifyAll();
  }

  synchronized void shutDown() {
    shutDown = true;
    notifyAll();
  }

  synchronized int held() {
    return held;
  }

  /** Parks the calling request while holding; returns at once otherwise. */
  synchronized void pass() throws InterruptedException {
    if (!holding || shutDown) {
      return;
    }
    long deadline = System.nanoTime() + SAFETY_LIMIT.toNanos();
    held++;
    notifyAll(); // wakes awaitHeld
    try {
      while (holding && passes == 0 && !shutDown) {
        if (!waitUntil(deadline)) {
          return;
        }
      }
      if (holding && passes > 0) {
        passes--;
      }
    } finally {
      held--;
    }
  }

  synchronized boolean awaitHeld(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (held < n) {
      if (!waitUntil(deadline)) {
        return false;
      }
    }
    return true;
  }

  private boolean waitUntil(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    wait(Math.max(1, left / 1_000_000));
    return true;
  }
}
