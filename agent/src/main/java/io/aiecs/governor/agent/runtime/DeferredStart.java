package io.aiecs.governor.agent.runtime;

/**
 * How one library's cold publishers are admitted on subscription ({@code Flux}, {@code Mono}). Given the
 * publisher the advised method returned, returns one that, on each subscription, calls {@link Admit#admit()}
 * first: a refusal becomes the publisher's error signal; otherwise the subscription goes on and its signals are
 * reported to the {@link StreamingCall} it got.
 */
@FunctionalInterface
public interface DeferredStart {
  Object defer(Object publisher, Admit admit);

  /** Admits one subscription. */
  @FunctionalInterface
  interface Admit {
    /**
     * @return the call to report the subscription's signals to, or null when the call is not governed (nested in
     *     a governed call, or the governor is off): subscribe without reporting
     * @throws Throwable the refusal to signal as the publisher's error ({@code GovernorException} or the client
     *     library's own rate-limit exception)
     */
    StreamingCall admit() throws Throwable;
  }
}
