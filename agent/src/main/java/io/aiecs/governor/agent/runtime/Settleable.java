package io.aiecs.governor.agent.runtime;

/**
 * A call whose end the runtime reports once, however it ends: an admitted call's {@link CallPermit}, or a
 * {@link RetriedCall} whose permit comes with the attempt its client's retry loop gets admitted.
 */
interface Settleable extends StreamingCall {
  CallSite site();

  /**
   * Charges the usage of {@code result} (if any) and gives the permit back; only the first call counts. Returns
   * the exception the call should end with instead of {@code thrown}, or null.
   */
  Throwable settle(Object result, Throwable thrown);
}
