package io.aiecs.governor.agent.streams;

import io.aiecs.governor.agent.runtime.DeferredStart;
import io.aiecs.governor.agent.runtime.StreamingCall;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Project Reactor's cold publishers ({@code Flux}, {@code Mono}) admitted on subscription, without linking
 * against Reactor: the application's own Reactor classes are driven reflectively, with JDK functional interfaces
 * as the callbacks ({@code doOnNext(Consumer)}, {@code onErrorMap(Function)}, {@code doOnTerminate(Runnable)},
 * {@code doOnCancel(Runnable)}), through
 * method handles looked up once per Reactor class (so once per class loader that has Reactor).
 *
 * <p>The publisher the application gets is {@code Flux.from(p)} (or {@code Mono.fromDirect(p)}) over a
 * {@code org.reactivestreams.Publisher} proxy (defined in Reactor's class loader, no class injected). Each
 * {@code subscribe} on it:
 * <ol>
 *   <li>asks {@link DeferredStart.Admit#admit()}; a refusal is delivered as the subscriber's error signal
 *       ({@code Flux.error}), and nothing upstream is subscribed;</li>
 *   <li>subscribes the application's subscriber (Reactor's own {@code CoreSubscriber}, so its context goes on)
 *       to the library's publisher with every element reported to the call, a failure reported (and replaced by
 *       what the call returns, e.g. a task timeout), and completion or cancellation settling the call. The call
 *       is settled before the subscriber hears of the end ({@code doOnTerminate}, not {@code doFinally}, which
 *       runs after it), so an application that starts its next call as soon as {@code block()} returns finds
 *       the permit back and the usage charged; a {@code Mono}'s call is settled on its value;</li>
 *   <li>does that upstream subscription inside {@link StreamingCall#beginNested()}/{@link StreamingCall#endNested()},
 *       so a client layer the publisher starts on subscription (openai-java under Spring AI) passes through
 *       instead of being admitted and charged a second time.</li>
 * </ol>
 *
 * <p>Admission happens on the subscribing thread. In wait mode ({@code reject-on-limit=false}) that thread
 * blocks for up to {@code resource-wait-timeout-seconds} waiting for capacity, like any governed call; when a
 * publisher is subscribed on a Reactor event-loop thread, that thread is held that long, so reactive
 * applications should prefer reject mode or a short wait timeout.
 */
public final class ReactivePublishers {
  private ReactivePublishers() {}

  /** What to read from each element besides handing it to {@link StreamingCall#element(Object)}. */
  @FunctionalInterface
  public interface ElementReader {
    void read(Object element, StreamingCall call);
  }

  /** Every element goes to {@link StreamingCall#element(Object)} (the site's usage shape). */
  public static final ElementReader USAGE = (element, call) -> call.element(element);

  /** Admits each subscription of a {@code Flux}; elements read by {@code reader}. */
  public static DeferredStart flux(ElementReader reader) {
    return (publisher, admit) -> wrap(publisher, admit, reader, false);
  }

  /** Admits each subscription of a {@code Mono}; its value read by {@code reader}. */
  public static DeferredStart mono(ElementReader reader) {
    return (publisher, admit) -> wrap(publisher, admit, reader, true);
  }

  private static Object wrap(Object publisher, DeferredStart.Admit admit, ElementReader reader, boolean mono) {
    Ops ops = Ops.of(publisher.getClass(), mono);
    if (ops == null) {
      return publisher; // not a Reactor type of this kind: left ungoverned rather than broken
    }
    try {
      return ops.from.invoke(ops.publisherProxy(publisher, admit, reader));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t); // reported by the hook, which hands the application the publisher as is
    }
  }

  /** The method handles of one Reactor type ({@code Flux} or {@code Mono}) in one class loader. */
  private static final class Ops {
    private static final MethodType UNARY = MethodType.methodType(Object.class, Object.class);
    private static final MethodType BINARY = MethodType.methodType(Object.class, Object.class, Object.class);
    private static final ClassValue<Ops> FLUX = new ClassValue<>() {
      @Override
      protected Ops computeValue(Class<?> type) {
        return lookUp(type, "reactor.core.publisher.Flux", "from");
      }
    };
    private static final ClassValue<Ops> MONO = new ClassValue<>() {
      @Override
      protected Ops computeValue(Class<?> type) {
        return lookUp(type, "reactor.core.publisher.Mono", "fromDirect");
      }
    };

    final ClassLoader loader;
    final Class<?> publisherType;
    final MethodHandle from;
    final MethodHandle error;
    final MethodHandle doOnNext;
    final MethodHandle onErrorMap;
    final MethodHandle doOnTerminate;
    final MethodHandle doOnCancel;
    final boolean mono;
    final MethodHandle subscribe;

    private Ops(Class<?> reactorType, Class<?> publisherType, String fromName) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      this.loader = reactorType.getClassLoader();
      this.publisherType = publisherType;
      this.from = lookup.unreflect(reactorType.getMethod(fromName, publisherType)).asType(UNARY);
      this.error = lookup.unreflect(reactorType.getMethod("error", Throwable.class)).asType(UNARY);
      this.doOnNext = lookup.unreflect(reactorType.getMethod("doOnNext", Consumer.class)).asType(BINARY);
      this.onErrorMap = lookup.unreflect(reactorType.getMethod("onErrorMap", Function.class)).asType(BINARY);
      this.doOnTerminate = lookup.unreflect(reactorType.getMethod("doOnTerminate", Runnable.class)).asType(BINARY);
      this.doOnCancel = lookup.unreflect(reactorType.getMethod("doOnCancel", Runnable.class)).asType(BINARY);
      this.mono = fromName.equals("fromDirect");
      Class<?> subscriberType = Class.forName("org.reactivestreams.Subscriber", false, loader);
      this.subscribe = lookup.unreflect(publisherType.getMethod("subscribe", subscriberType))
          .asType(MethodType.methodType(void.class, Object.class, Object.class));
    }

    /** The ops of the Reactor type {@code type} is (a subclass of), or null when it is none. */
    static Ops of(Class<?> type, boolean mono) {
      return (mono ? MONO : FLUX).get(type);
    }

    private static Ops lookUp(Class<?> type, String reactorTypeName, String fromName) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(reactorTypeName)) {
          try {
            Class<?> publisher = Class.forName("org.reactivestreams.Publisher", false, c.getClassLoader());
            return new Ops(c, publisher, fromName);
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // a Reactor without these operators
          }
        }
      }
      return null;
    }

    /** A {@code Publisher} whose every subscription is admitted, then follows {@code source}. */
    Object publisherProxy(Object source, DeferredStart.Admit admit, ElementReader reader) {
      InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
        case "subscribe" -> {
          subscribe(source, args[0], admit, reader);
          yield null;
        }
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> "governed(" + source + ")";
        default -> throw new UnsupportedOperationException(method.getName());
      };
      return Proxy.newProxyInstance(loader, new Class<?>[] {publisherType}, handler);
    }

    private void subscribe(Object source, Object subscriber, DeferredStart.Admit admit, ElementReader reader)
        throws Throwable {
      StreamingCall call;
      try {
        call = admit.admit();
      } catch (Throwable refusal) {
        subscribe.invoke(error.invoke(refusal), subscriber);
        return;
      }
      if (call == null) {
        subscribe.invoke(source, subscriber); // not governed (nested in a governed call, or governor off)
        return;
      }
      Object followed;
      try {
        followed = follow(source, call, reader);
      } catch (Throwable fault) {
        call.cancel(); // cannot follow it: release now rather than hold the permit forever
        subscribe.invoke(source, subscriber);
        return;
      }
      call.beginNested();
      try {
        subscribe.invoke(followed, subscriber);
      } finally {
        call.endNested();
      }
    }

    private Object follow(Object source, StreamingCall call, ElementReader reader) throws Throwable {
      Consumer<Object> onNext = mono
          ? value -> {
            reader.read(value, call);
            call.complete(); // block() returns on the value, before any terminal signal
          }
          : element -> reader.read(element, call);
      Function<Throwable, Throwable> onError = failure -> {
        Throwable instead = call.fail(failure);
        return instead != null ? instead : failure;
      };
      Runnable onTerminate = call::complete; // after a failure: already settled above, a no-op
      Runnable onCancel = call::cancel;
      Object followed = doOnNext.invoke(source, onNext);
      followed = onErrorMap.invoke(followed, onError);
      followed = doOnTerminate.invoke(followed, onTerminate);
      return doOnCancel.invoke(followed, onCancel);
    }
  }
}
