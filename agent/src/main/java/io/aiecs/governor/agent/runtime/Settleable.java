package io.aiecs.governor.agent.runtime;

import java.util.function.BiConsumer;

/**
 * A call whose end the runtime reports once, however it ends: an admitted call's {@link CallPermit}, or a
 * {@link RetriedCall} whose permit comes with the attempt its client's retry loop gets admitted. Doubles as the
 * {@code whenComplete} callback of an async call's future.
 */
interface Settleable extends StreamingCall, BiConsumer<Object, Throwable> {
  CallSite site();

  /**
   * Charges the usage of {@code result} (if any) and gives the permit back; only the first call counts. Returns
   * the exception the call should end with instead of {@code thrown}, or null.
   */
  Throwable settle(Object result, Throwable thrown);

  @Override
  default void accept(Object result, Throwable thrown) {
    settle(result, thrown);
  }
}
