package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.advice.CallSiteId;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import io.aiecs.governor.agent.instrumentation.references.ReferenceCheck;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.bootstrap.AgentFaults;
import java.lang.instrument.ClassFileTransformer;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import org.slf4j.Logger;

/**
 * Weaves the advice of every instrumentation module into the classes that declare the advised methods: Byte
 * Buddy {@link Advice} inlined as a class is loaded (or retransformed, for classes loaded before an attach), no
 * class-format changes, and an exception handler that routes any fault thrown inside advice to
 * {@link AgentFaults}. A module's advice goes into a class loader only where its references resolve
 * ({@link ReferenceCheck}).
 *
 * <p>What the host pays for it is kept to a hash lookup per loaded class: this is a plain
 * {@link ClassFileTransformer} that looks the class's name up among the exact type names the modules declared
 * and returns at once for every other class, without building a type description. Byte Buddy's
 * {@code AgentBuilder} is not used: it generates a transformer class with Byte Buddy at start and matches every
 * loaded class against its matchers, which cost every host about a second of CPU (some 850 classes) before any
 * client class was seen. Byte Buddy's weaving path loads when the first class to weave shows up (or on a
 * low-priority warm-up thread, whichever is first). Methods advised in subtypes ({@link AdvisedMethod#inSubtypes})
 * are the exception: in the class loaders that see their supertype, each class loaded there is described and
 * its hierarchy walked, as {@code AgentBuilder} did for every class everywhere.
 */
public final class Weaver implements ClassFileTransformer {
  /** Never described for a subtype match: the JDK's and Byte Buddy's classes, and the agent's own. */
  private static final String[] NOT_SUBTYPE_CANDIDATES = {"java/", "jdk/", "javax/", "sun/", "com/sun/",
      "net/bytebuddy/", "io/aiecs/governor/agent/", "io/aiecs/governor/bootstrap/", "io/aiecs/governor/launcher/",
      "io/aiecs/governor/shaded/"};

  private final Logger log;
  /** Class names of the class loaders whose classes are never woven ({@code exclude-class-loaders}). */
  private final Set<String> excludedLoaders;
  /** The agent jar the advice classes are read from; null when not run from one (tests). */
  private final File agentJar;
  private final AtomicInteger transformed = new AtomicInteger();
  /** Internal names ({@code a/b/C}) of the types to weave, and what to weave into each (lists never changed). */
  private final Map<String, List<Target>> byName = new ConcurrentHashMap<>();
  /** Methods to weave into every subtype of a named type. */
  private final List<Target> bySubtype = new CopyOnWriteArrayList<>();
  /** Internal names of the types of modules not registered yet, and their modules (lists never changed). */
  private final Map<String, List<Deferred>> deferredByName = new ConcurrentHashMap<>();
  /** Modules not registered yet that weave subtypes, with the class loaders that see one of their supertypes. */
  private final List<DeferredSupertype> deferredBySupertype = new CopyOnWriteArrayList<>();
  private final Set<String> registeredDeferred = ConcurrentHashMap.newKeySet();
  private final List<Deferred> deferred = new CopyOnWriteArrayList<>();
  private final ReentrantLock registerLock = new ReentrantLock();
  /** Advice resolved once per target, then reused for every class it is woven into. */
  private final Map<Target, AsmVisitorWrapper> advice = new ConcurrentHashMap<>();
  /** Set while this thread weaves: classes Byte Buddy loads meanwhile are not looked at again. */
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();
  private final ReentrantLock toolsLock = new ReentrantLock();
  private volatile Weaving tools;
  private volatile Instrumentation inst;
  /** Told when a client's per-attempt transport is woven ({@link AdvisedMethod#isAttempt}). */
  private volatile CallSiteRegistry sites;

  /**
   * A module registered only when one of its {@code types} loads (or a class in a class loader that sees one of its
   * supertypes): its classes, call sites, Byte Buddy matchers and reference checks cost a host nothing until then.
   */
  public record Deferred(String name, ModuleTypes types, Supplier<InstrumentationModule> module) {}

  private record DeferredSupertype(Deferred module, ElementMatcher<ClassLoader> loaders) {}

  /**
   * A throwaway weave for the warm-up: a method shaped as a client call's, of a small JDK class. Made on the warm-up
   * thread (a holder, not a static of the weaver): its matchers load some fifty Byte Buddy classes, which the
   * host's main thread would otherwise load before its main (issue 6).
   */
  private static final class WarmUp {
    static final Target TARGET = new Target("warm-up", AdvisedMethod.call(
        "java.util.concurrent.atomic.AtomicReference", ElementMatchers.named("getAndSet"), -1), null, null);
  }

  /** One advised method and the checks that decide, per class loader, whether it goes in. */
  record Target(String module, AdvisedMethod method, ReferenceCheck check, ElementMatcher<ClassLoader> loaders) {
    // each target is made once: identity is its equality, and keys the advice map without hashing its matchers
    // (or bootstrapping a record's generated equals and hashCode in the host)
    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  public Weaver(Logger log) {
    this(log, Set.of());
  }

  public Weaver(Logger log, Set<String> excludedLoaders) {
    this(log, excludedLoaders, null);
  }

  /** @param agentJar the jar the launcher started the agent from, whose advice class files are read directly */
  public Weaver(Logger log, Set<String> excludedLoaders, File agentJar) {
    this.log = log;
    this.excludedLoaders = Set.copyOf(excludedLoaders);
    this.agentJar = agentJar;
  }

  /**
   * Registers the transformer for the modules' advised methods and retransforms the matching classes already
   * loaded. Nothing is registered when no module advises anything.
   */
  public Weaver install(Instrumentation inst, List<InstrumentationModule> modules, List<Deferred> deferredModules,
                        CallSiteRegistry sites) {
    this.inst = inst;
    register(modules, sites);
    defer(deferredModules);
    if (byName.isEmpty() && bySubtype.isEmpty() && deferredByName.isEmpty() && deferredBySupertype.isEmpty()) {
      return this;
    }
    inst.addTransformer(this, true);
    retransformLoaded(inst);
    Thread warmUp = new Thread(new Runnable() { // not a method reference: this runs before the host's main
      @Override
      public void run() {
        warmUp();
      }
    }, "aiecs-governor-weaver-warmup");
    warmUp.setDaemon(true);
    warmUp.setPriority(Thread.MIN_PRIORITY);
    warmUp.start();
    return this;
  }

  /**
   * Notes the modules to register when one of their types loads ({@link Deferred}); their call sites go into the
   * registry of {@link #register}.
   */
  Weaver defer(List<Deferred> modules) {
    deferred.addAll(modules);
    for (Deferred d : modules) {
      for (String type : d.types().exact()) {
        append(deferredByName, type.replace('.', '/'), List.of(d));
      }
      for (String supertype : d.types().supertypes()) {
        deferredBySupertype.add(new DeferredSupertype(d, Subtypes.loaderSees(supertype)));
      }
    }
    return this;
  }

  /** Registers the deferred modules a class named {@code className} loaded in {@code loader} belongs to. */
  private void registerDeferred(ClassLoader loader, String className) {
    List<Deferred> modules = deferredByName.get(className);
    if (modules != null) {
      for (Deferred d : modules) {
        registerDeferred(d);
      }
    }
    if (loader != null) {
      for (DeferredSupertype s : deferredBySupertype) {
        if (s.loaders().matches(loader)) {
          registerDeferred(s.module());
        }
      }
    }
  }

  private void registerDeferred(Deferred d) {
    registerLock.lock();
    try {
      if (!registeredDeferred.add(d.name())) {
        return;
      }
      register(List.of(d.module().get()), sites);
      // plain loops, no lambdas: this runs in premain when a module's class is loaded already (JDK 25 loads
      // ForkJoinPool before any agent), where each lambda or stream is spun and run interpreted on the host's
      // main thread (issue 6)
      for (Iterator<List<Deferred>> it = deferredByName.values().iterator(); it.hasNext(); ) {
        if (allRegistered(it.next())) {
          it.remove();
        }
      }
      for (DeferredSupertype s : deferredBySupertype) {
        if (s.module() == d) {
          deferredBySupertype.remove(s); // a copy-on-write list: the loop goes on over the old array
        }
      }
    } finally {
      registerLock.unlock();
    }
  }

  private boolean allRegistered(List<Deferred> modules) {
    for (Deferred m : modules) {
      if (!registeredDeferred.contains(m.name())) {
        return false;
      }
    }
    return true;
  }

  /** Builds the targets of {@code modules} (their call sites go into {@code sites}); no transformer yet. */
  Weaver register(List<InstrumentationModule> modules, CallSiteRegistry sites) {
    this.sites = sites;
    Map<String, List<Target>> named = new HashMap<>();
    for (InstrumentationModule module : modules) {
      List<AdvisedMethod> methods = module.advisedMethods(sites);
      // one library: all or nothing per class loader; several (the HTTP fallback): each method on its own
      // a part a client may come without (its per-attempt transport, its retry timer) is checked on its own
      List<AdvisedMethod> checkedTogether = new ArrayList<>(methods.size());
      for (AdvisedMethod m : methods) {
        if (!m.checkedAlone()) {
          checkedTogether.add(m);
        }
      }
      ReferenceCheck together = ReferenceCheck.of(module.name(), checkedTogether, module.references(), onMismatch);
      for (AdvisedMethod m : methods) {
        ReferenceCheck check = module.weavesOneLibrary() && !m.checkedAlone() ? together
            : ReferenceCheck.of(module.name(), List.of(m), module.references(), onMismatch);
        if (m.types() == null) {
          Target t = new Target(module.name(), m, check, ElementMatchers.any());
          String type = m.typeName().replace('.', '/');
          List<Target> targets = named.get(type);
          if (targets == null) {
            targets = new ArrayList<>();
            named.put(type, targets);
          }
          targets.add(t);
        } else {
          bySubtype.add(new Target(module.name(), m, check, Subtypes.loaderSees(m.typeName())));
        }
      }
      log.debug("instrumentation {} registered", module.name());
    }
    // readers see a type's whole list or none of it: lists are replaced, never changed
    for (Map.Entry<String, List<Target>> e : named.entrySet()) {
      append(byName, e.getKey(), List.copyOf(e.getValue()));
    }
    return this;
  }

  /**
   * Puts {@code more} after the list at {@code key}, replacing that list as a whole (readers see the old list or
   * the new one); a loop of atomic steps rather than {@code merge} with a lambda, as it runs before the host's main.
   */
  private static <T> void append(Map<String, List<T>> map, String key, List<T> more) {
    List<T> old = map.putIfAbsent(key, more);
    while (old != null && !map.replace(key, old, concat(old, more))) {
      old = map.putIfAbsent(key, more);
    }
  }

  /** A new unmodifiable list of {@code a} then {@code b}: the maps' lists are replaced, never changed. */
  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> both = new ArrayList<>(a);
    both.addAll(b);
    return List.copyOf(both);
  }

  /** Names (binary, dotted) of the types this weaver weaves by exact name. */
  public List<String> targetTypes() {
    return byName.keySet().stream().map(n -> n.replace('/', '.')).sorted().toList();
  }

  /** Classes woven so far. */
  public int transformedCount() {
    return transformed.get();
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                          ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (className == null) {
      return null;
    }
    List<Target> exact = byName.get(className);
    if ((exact == null && !deferredByName.containsKey(className) && !subtypeCandidate(loader, className))
        || weaving.get() != null || excluded(loader)) {
      return null;
    }
    weaving.set(Boolean.TRUE);
    String name = className.replace('/', '.');
    long started = System.nanoTime();
    try {
      if (!deferredByName.isEmpty() || !deferredBySupertype.isEmpty()) {
        registerDeferred(loader, className);
        exact = byName.get(className);
      }
      byte[] woven = weave(name, loader, classfileBuffer, exact);
      if (woven != null) {
        assureReadEdge(module);
        transformed.incrementAndGet();
        log.debug("woven {} in {} ms", name, (System.nanoTime() - started) / 1_000_000);
      }
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

  /** Whether {@code loader} is one the configuration keeps out; asked only of classes that would be woven. */
  private boolean excluded(ClassLoader loader) {
    return loader != null && !excludedLoaders.isEmpty() && excludedLoaders.contains(loader.getClass().getName());
  }

  /** Cheap tests first: is there a subtype target at all, is the class not one of the ignored, does its loader qualify. */
  private boolean subtypeCandidate(ClassLoader loader, String className) {
    if ((bySubtype.isEmpty() && deferredBySupertype.isEmpty()) || loader == null) {
      return false;
    }
    for (String prefix : NOT_SUBTYPE_CANDIDATES) {
      if (className.startsWith(prefix)) {
        return false;
      }
    }
    for (Target t : bySubtype) {
      if (t.loaders().matches(loader)) {
        return true;
      }
    }
    for (DeferredSupertype s : deferredBySupertype) {
      if (s.loaders().matches(loader)) {
        return true;
      }
    }
    return false;
  }

  /** The woven class file, or null when no target applies in {@code loader} (type or references not matching). */
  private byte[] weave(String name, ClassLoader loader, byte[] bytes, List<Target> exact) {
    ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool = lazyPool(locator);
    TypeDescription type = pool.describe(name).resolve();
    List<Target> chosen = new ArrayList<>(2);
    if (exact != null) {
      for (Target t : exact) {
        if (t.check().passes(loader, type)) {
          chosen.add(t);
        }
      }
    }
    for (Target t : bySubtype) {
      if (t.loaders().matches(loader) && t.method().types().matches(type) && t.check().passes(loader, type)) {
        chosen.add(t);
      }
    }
    if (chosen.isEmpty()) {
      return null;
    }
    Weaving w = tools();
    List<AsmVisitorWrapper> each = new ArrayList<>(chosen.size());
    for (Target t : chosen) {
      each.add(advice.computeIfAbsent(t, w::advice));
    }
    byte[] woven = AdviceWriter.write(type, pool, bytes,
        each.size() == 1 ? each.get(0) : new AsmVisitorWrapper.Compound(each));
    for (Target t : chosen) {
      if (t.method().isAttempt()) {
        sites.attemptTransportWoven(t.method().siteId()); // refusals of its client's calls may go to its retry loop
      }
    }
    return woven;
  }

  /**
   * Advice woven into a class of a named module (the JDK's executors, {@code java.net.http}) calls the hooks in
   * the bootstrap loader's unnamed module, which named modules do not read unless told to.
   */
  private void assureReadEdge(Module module) {
    Module hooks = AgentFaults.class.getModule();
    if (module != null && module.isNamed() && !module.canRead(hooks) && inst != null) {
      inst.redefineModule(module, Set.of(hooks), Map.of(), Map.of(), Set.of(), Map.of());
    }
  }

  private void retransformLoaded(Instrumentation inst) {
    Class<?>[] all = inst.getAllLoadedClasses();
    // the modules of classes loaded already (an attach; the JDK's pools) are registered first. Arrays are skipped:
    // no module weaves one, their element classes are in the list themselves, and an array of the agent's own
    // classes (whose names are not those of the ignored packages) would have the supertype check ask the agent's
    // loader, and the platform loader above it, for each supertype's class file: measured, the loop took 20-45 ms
    // on the host's main thread with arrays, 5-6 ms without (issue 6)
    for (Class<?> c : all) {
      if (c.isArray() || c.isPrimitive()) {
        continue;
      }
      if (!deferredByName.isEmpty() || !deferredBySupertype.isEmpty()) {
        String internal = c.getName().replace('.', '/');
        if (deferredByName.containsKey(internal) || subtypeCandidate(c.getClassLoader(), internal)) {
          registerDeferred(c.getClassLoader(), internal);
        }
      }
    }
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : all) {
      if (inst.isModifiableClass(c) && (byName.containsKey(c.getName().replace('.', '/'))
          || loadedSubtype(c))) {
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

  private boolean loadedSubtype(Class<?> c) {
    if (c.isArray() || c.isPrimitive() || !subtypeCandidate(c.getClassLoader(), c.getName().replace('.', '/'))) {
      return false;
    }
    TypeDescription type = TypeDescription.ForLoadedType.of(c);
    for (Target t : bySubtype) {
      if (t.loaders().matches(c.getClassLoader()) && t.method().types().matches(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Loads Byte Buddy's weaving path (several hundred classes) and resolves the advice of the modules registered so
   * far off the host's main thread, while the host starts, so that the first client class to be woven does not pay
   * for it on the thread that loads it. Weaving does not wait for it: whichever comes first does the work once.
   */
  private void warmUp() {
    try {
      Weaving w = tools();
      registerVisible(ClassLoader.getSystemClassLoader());
      for (List<Target> targets : byName.values()) {
        for (Target t : targets) {
          advice.computeIfAbsent(t, w::advice);
        }
      }
      for (Target t : bySubtype) {
        advice.computeIfAbsent(t, w::advice);
      }
      // a throwaway weave (never defined) of a small JDK class takes the whole path, advice to class writing,
      // whether or not a module is registered yet (most are registered when their first class loads)
      String probe = WarmUp.TARGET.method().typeName();
      ClassFileLocator locator = ClassFileLocator.ForClassLoader.ofBootLoader();
      TypePool pool = lazyPool(locator);
      AdviceWriter.write(pool.describe(probe).resolve(), pool, locator.locate(probe).resolve(),
          w.advice(WarmUp.TARGET));
    } catch (Throwable e) {
      log.debug("weaver warm-up: {}", e.toString());
    }
  }

  /**
   * Registers here, off the host's main thread, the deferred modules whose types the application class path holds
   * (their classes are not loaded, only looked up), with the reference checks of those types there: the first of
   * their classes to load then finds its targets, their advice and a passed check ready. Modules of libraries in
   * other class loaders wait for their first class, as before.
   */
  void registerVisible(ClassLoader app) {
    if (app == null) {
      return;
    }
    for (Deferred d : deferred) {
      if (!registeredDeferred.contains(d.name()) && anyVisible(app, d.types())) {
        registerDeferred(d);
      }
    }
    // the reference checks of the types there too: reading the library's class files is most of a first weave.
    // One type pool for all of them: a module's checks name many of the same types (its further references go
    // with each method checked alone), which were read and parsed up to four times each (issue 6)
    TypePool appTypes = ReferenceCheck.pool(app);
    for (Map.Entry<String, List<Target>> e : byName.entrySet()) {
      if (app.getResource(e.getKey() + ".class") != null) {
        for (Target t : e.getValue()) {
          t.check().prime(app, appTypes);
        }
      }
    }
  }

  private static boolean anyVisible(ClassLoader loader, ModuleTypes types) {
    for (List<String> names : List.of(types.exact(), types.supertypes())) {
      for (String type : names) {
        if (loader.getResource(type.replace('.', '/') + ".class") != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** Says that a module's advice stays out of a class loader, where a reference it needs is missing. */
  private final ReferenceCheck.Mismatch onMismatch = new ReferenceCheck.Mismatch() {
    @Override
    public void skipped(String module, ClassLoader loader, Reference missing) {
      Weaver.this.skipped(module, loader, missing);
    }
  };

  private void skipped(String module, ClassLoader loader, Reference missing) {
    log.warn("instrumentation {} skipped in {}: {} not found (a library version it does not support);"
        + " calls through it are not governed", module, describe(loader), missing);
  }

  static String describe(ClassLoader loader) {
    if (loader == null) {
      return "the boot class loader";
    }
    String name = loader.getName();
    return "class loader " + loader.getClass().getName() + (name == null ? "" : " '" + name + "'")
        + "@" + Integer.toHexString(System.identityHashCode(loader));
  }

  private static TypePool lazyPool(ClassFileLocator locator) {
    return new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
        TypePool.Default.ReaderMode.FAST);
  }

  /** Byte Buddy's side of weaving, made when the first class to weave is loaded (a lock, not a monitor). */
  private Weaving tools() {
    Weaving w = tools;
    if (w == null) {
      toolsLock.lock();
      try {
        w = tools;
        if (w == null) {
          w = new Weaving(agentJar);
          tools = w;
        }
      } finally {
        toolsLock.unlock();
      }
    }
    return w;
  }

  private static final class Weaving {
    /**
     * The advice classes and the bootstrap API they name, read from the agent jar itself ({@link AgentJarClasses}),
     * the JDK's types they use through the agent's loader; not run from a jar (tests), all through the agent's
     * loader and the system class loader.
     */
    final ClassFileLocator agentClasses;
    // lazy, as for the woven class: the advice's own types (the bootstrap API) are named, never read
    final TypePool agentTypes;
    /**
     * Advice's handler for a fault inside advice: a call to {@code AgentFaults.suppressed(Throwable)}, described
     * from the class file, not reflectively: Byte Buddy's descriptions of loaded methods and parameters each
     * build a JDK proxy of the reflection API (see {@link #advice}).
     */
    final Advice.ExceptionHandler onFault;
    static final TypeDescription.Generic SITE_ID_TYPE =
        new TypeDescription.Generic.OfNonGenericType.ForErasure(TypeDescription.ForLoadedType.of(int.class));

    Weaving(File agentJar) {
      agentClasses = agentClasses(agentJar);
      agentTypes = lazyPool(agentClasses);
      onFault = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
          agentTypes.describe(AgentFaults.class.getName()).resolve().getDeclaredMethods()
              .filter(ElementMatchers.named("suppressed").and(ElementMatchers.takesArguments(Throwable.class)))
              .getOnly()));
    }

    private static ClassFileLocator agentClasses(File agentJar) {
      if (agentJar != null) {
        try {
          return new ClassFileLocator.Compound(new AgentJarClasses(new java.util.jar.JarFile(agentJar, false)),
              ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader()));
        } catch (java.io.IOException | RuntimeException e) {
          // unreadable: through the class loaders, as below
        }
      }
      return new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader()),
          ClassFileLocator.ForClassLoader.ofSystemLoader());
    }

    AsmVisitorWrapper advice(Target t) {
      // the site id as a stack manipulation: bound as a plain Integer, Byte Buddy wraps it as a constant value,
      // whose class builds six JDK-proxy dispatchers for java.lang.constant at its initialisation; the JDK's class
      // writer computing their frames was what made its Frame.execute hot enough for C2 in every host (issue 6)
      return Advice.withCustomMapping()
          .bind(CallSiteId.class, IntegerConstant.forValue(t.method().siteId()), SITE_ID_TYPE)
          .to(agentTypes.describe(t.method().adviceClass()).resolve(), agentClasses)
          .withExceptionHandler(onFault)
          .on(t.method().method());
    }
  }
}
