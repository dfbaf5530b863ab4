package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.advice.CallSiteId;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.bootstrap.AgentFaults;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.pool.TypePool;
import org.slf4j.Logger;

/**
 * Weaves the advice of every instrumentation module into the classes that declare the advised methods, with
 * Byte Buddy {@link Advice} inlined into the class as it is loaded (or retransformed, for classes loaded before
 * an attach), no class-format changes, and an exception handler that routes any fault thrown inside advice to
 * {@link AgentFaults}.
 *
 * <p>What the host pays for it is kept to a hash lookup per loaded class: the transformer is a plain
 * {@link ClassFileTransformer} that looks the class's name up among the exact type names the modules declared and
 * returns at once for every other class, without building a type description. Byte Buddy's {@code AgentBuilder}
 * is not used: it generates a transformer subclass with Byte Buddy at start and matches every loaded class
 * against its matchers, which cost every host about a second of start (roughly 1,000 classes loaded) before any
 * client class was ever seen. Byte Buddy is loaded only when a class to weave shows up.
 */
public final class Weaver implements ClassFileTransformer {
  private final Logger log;
  private final AtomicInteger transformed = new AtomicInteger();
  /** Internal names ({@code a/b/C}) of the types to weave, and their advised methods. */
  private final Map<String, List<AdvisedMethod>> targets = new HashMap<>();
  /** Advice resolved once per advice class and call site, then reused for every class it is woven into. */
  private final Map<AdvisedMethod, AsmVisitorWrapper> advice = new ConcurrentHashMap<>();
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();
  private volatile Weaving tools;

  public Weaver(Logger log) {
    this.log = log;
  }

  /**
   * Registers the transformer for the modules' advised methods and retransforms the ones already loaded.
   * Nothing is registered when no module advises anything.
   */
  public Weaver install(Instrumentation inst, List<InstrumentationModule> modules, CallSiteRegistry sites) {
    for (InstrumentationModule module : modules) {
      for (AdvisedMethod m : module.advisedMethods(sites)) {
        targets.computeIfAbsent(m.typeName().replace('.', '/'), n -> new ArrayList<>()).add(m);
      }
      log.debug("instrumentation {} registered", module.name());
    }
    if (targets.isEmpty()) {
      return this;
    }
    inst.addTransformer(this, true);
    retransformLoaded(inst);
    Thread warmUp = new Thread(this::warmUp, "aiecs-governor-weaver-warmup");
    warmUp.setDaemon(true);
    warmUp.setPriority(Thread.MIN_PRIORITY);
    warmUp.start();
    return this;
  }

  /**
   * Loads Byte Buddy's weaving path (several hundred classes) and resolves every advice off the host's main
   * thread, while the host starts, so that the first client class to be woven does not pay for it on the
   * thread that loads it. Weaving does not wait for it: whichever comes first does the work once.
   */
  private void warmUp() {
    try {
      Weaving w = tools();
      AdvisedMethod any = null;
      for (List<AdvisedMethod> methods : targets.values()) {
        for (AdvisedMethod m : methods) {
          advice.computeIfAbsent(m, w::advice);
          any = m;
        }
      }
      // a throwaway weave of an advice class's own bytes (never defined) takes the whole class-writing path
      byte[] bytes = w.agentClasses.locate(any.adviceClass()).resolve();
      weave(any.adviceClass(), Weaver.class.getClassLoader(), bytes, List.of(any));
    } catch (Throwable e) {
      log.debug("weaver warm-up: {}", e.toString());
    }
  }

  /** Names (binary, dotted) of the types this weaver would weave. */
  public List<String> targetTypes() {
    return targets.keySet().stream().map(n -> n.replace('/', '.')).sorted().toList();
  }

  /** Classes woven so far. */
  public int transformedCount() {
    return transformed.get();
  }

  private void retransformLoaded(Instrumentation inst) {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (targets.containsKey(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    for (Class<?> c : loaded) {
      try {
        inst.retransformClasses(c);
      } catch (Throwable e) {
        log.warn("could not instrument {}; calls through it are not governed: {}", c.getName(), e.toString());
      }
    }
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                          ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    List<AdvisedMethod> methods = className == null ? null : targets.get(className);
    if (methods == null || weaving.get() != null) {
      return null;
    }
    weaving.set(Boolean.TRUE);
    String name = className.replace('/', '.');
    try {
      byte[] woven = weave(name, loader, classfileBuffer, methods);
      transformed.incrementAndGet();
      log.debug("woven {}", name);
      return woven;
    } catch (Throwable e) {
      log.warn("could not instrument {}; calls through it are not governed: {}", name, e.toString());
      return null;
    } finally {
      weaving.remove();
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                          ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    return transform(null, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  private byte[] weave(String name, ClassLoader loader, byte[] bytes, List<AdvisedMethod> methods) {
    Weaving w = tools();
    ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
    TypeDescription type = lazyPool(locator).describe(name).resolve();
    DynamicType.Builder<?> builder = w.byteBuddy.decorate(type, locator);
    for (AdvisedMethod m : methods) {
      builder = builder.visit(advice.computeIfAbsent(m, w::advice));
    }
    return builder.make().getBytes();
  }

  private static TypePool lazyPool(ClassFileLocator locator) {
    return new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
        TypePool.Default.ReaderMode.FAST);
  }

  /** Byte Buddy's side of weaving, made when the first class to weave is loaded. */
  private Weaving tools() {
    Weaving w = tools;
    if (w == null) {
      synchronized (this) {
        w = tools;
        if (w == null) {
          w = new Weaving();
          tools = w;
        }
      }
    }
    return w;
  }

  private static final class Weaving {
    final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);
    /**
     * The advice classes (from the agent's loader) and the bootstrap API they name: the latter sits at the agent
     * jar's root, appended to the bootstrap class path, whose classes the JDK does not serve as resources.
     */
    final ClassFileLocator agentClasses = new ClassFileLocator.Compound(
        ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader()), agentJar());
    // lazy, as for the woven class: the advice's own types (the bootstrap API) are named, never read, which
    // matters because classes appended to the bootstrap class path at run time are not readable as resources
    final TypePool agentTypes = lazyPool(agentClasses);
    final Advice.ExceptionHandler onFault;

    Weaving() {
      try {
        onFault = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
            new MethodDescription.ForLoadedMethod(AgentFaults.class.getMethod("suppressed", Throwable.class))));
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }

    private static ClassFileLocator agentJar() {
      try {
        var source = Weaver.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation().getPath().endsWith(".jar")) {
          return ClassFileLocator.ForJarFile.of(new java.io.File(source.getLocation().toURI()));
        }
      } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
        // not run from the agent jar (tests): the system class loader sees the API
      }
      return ClassFileLocator.ForClassLoader.ofSystemLoader();
    }

    AsmVisitorWrapper advice(AdvisedMethod m) {
      return Advice.withCustomMapping()
          .bind(CallSiteId.class, m.siteId())
          .to(agentTypes.describe(m.adviceClass()).resolve(), agentClasses)
          .withExceptionHandler(onFault)
          .on(m.method());
    }
  }
}
