package io.aiecs.governor.agent.runtime;

/**
 * For a call site that sees more than LLM calls (an HTTP client's send, advised by the generic fallback): decides
 * per call, before anything else is done for it, whether it is an LLM call and which site it belongs to. Anything
 * it does not recognise passes through untouched, so it must be cheap for the common case of other traffic.
 */
@FunctionalInterface
public interface CallRecognizer {
  /**
   * @param self    the object whose method was called (the HTTP call or client)
   * @param request the method's first argument, or {@code self} where it has none
   * @return the recognised call, or null: not an LLM call, pass it through
   */
  Recognized recognize(Object self, Object request);

  /**
   * @param site      the registered site the call is governed as
   * @param request   what the site reads the model from and estimates with
   * @param transport a {@link CallSiteRegistry#registerTransport transport} to put the task's deadline on
   *                  {@code self} once admitted, or -1
   */
  record Recognized(int site, Object request, int transport) {}
}
