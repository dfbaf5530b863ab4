package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a method of a library's own stream class (its iterator's {@code next}/{@code hasNext}, its
 * {@code close}) when that class cannot be wrapped: if the object is a watched stream, what the method returned
 * is reported to its call, as the event bound in place of a call site id (see
 * {@link io.aiecs.governor.agent.streams.WatchedStreams}). Objects nobody watches cost one empty-map check.
 */
public final class StreamEventAdvice {
  private StreamEventAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object self) {
    return GovernorHooks.streamEnter(self);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@CallSiteId int event, @Advice.Enter Object token,
                          @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value,
                          @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (token != null) {
      Throwable replaced = GovernorHooks.streamExit(token, event, value, thrown);
      if (replaced != null) {
        thrown = replaced;
      }
    }
  }
}
