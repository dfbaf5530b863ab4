package io.aiecs.governor.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.agent.instrumentation.references.Reference;
import io.aiecs.governor.agent.logging.AgentLog;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.bootstrap.GovernorHooks;
import io.aiecs.governor.bootstrap.GovernorRuntime;
import java.lang.reflect.Proxy;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The weaver's own decisions, on class files as the JVM hands them over: which classes it weaves (exact names;
 * subtypes in class loaders that see the supertype), that a failed reference check leaves a loader alone, and
 * that what it writes is a class that loads and runs the advice.
 */
class WeaverTest {
  public static class Service {
    public String create(String request) {
      return "created " + request;
    }
  }

  public interface Model {
    String doChat(String request);
  }

  /** Library classes live outside the agent's packages (which the weaver never looks at for subtypes). */
  private static final String PROVIDER = "fake.lib.Provider";
  private static final String RICHER_MODEL = "fake.lib.RicherModel";

  private static byte[] provider() {
    return new ByteBuddy().subclass(Object.class).name(PROVIDER).implement(Model.class)
        .method(named("doChat")).intercept(FixedValue.value("chat")).make().getBytes();
  }

  private static byte[] richerModel() {
    return new ByteBuddy().makeInterface(Model.class).name(RICHER_MODEL).make().getBytes();
  }

  public static class Unrelated {
    public String create(String request) {
      return request;
    }
  }

  /** Refuses every governed call, so a woven method is told apart from one left alone by what it throws. */
  static final class Refusal extends RuntimeException {
    Refusal() {
      super("refused by the test runtime", null, false, false);
    }
  }

  private final ClassLoader loader = WeaverTest.class.getClassLoader();

  @AfterEach
  void uninstall() {
    GovernorHooks.uninstall();
  }

  private static InstrumentationModule module(List<Reference> references, AdvisedMethod... methods) {
    return new InstrumentationModule() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
        return List.of(methods);
      }

      @Override
      public List<Reference> references() {
        return references;
      }
    };
  }

  private static Weaver weaver(InstrumentationModule module) {
    return new Weaver(AgentLog.get()).register(List.of(module), new CallSiteRegistry());
  }

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private byte[] transform(Weaver weaver, ClassLoader in, Class<?> type) throws Exception {
    return weaver.transform(null, in, internal(type), null, null, ClassFileLocator.ForClassLoader.read(type));
  }

  private byte[] transform(Weaver weaver, ClassLoader in, String name, byte[] bytes) {
    return weaver.transform(null, in, name.replace('.', '/'), null, null, bytes);
  }

  private Object call(Class<?> type, byte[] bytes, String method) throws Exception {
    return call(type.getName(), bytes, method);
  }

  /** Defines {@code bytes} as {@code name} in a child-first loader and calls {@code method("x")}. */
  private Object call(String name, byte[] bytes, String method) throws Exception {
    ClassLoader child = new ByteArrayClassLoader.ChildFirst(loader, Map.of(name, bytes));
    Class<?> woven = Class.forName(name, true, child);
    Object instance = woven.getConstructor().newInstance();
    try {
      return woven.getMethod(method, String.class).invoke(instance, "x");
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private static void refuseEveryCall() {
    GovernorHooks.install((GovernorRuntime) Proxy.newProxyInstance(WeaverTest.class.getClassLoader(),
        new Class<?>[] {GovernorRuntime.class},
        (proxy, method, args) -> method.getName().equals("enter") ? new Refusal() : null));
  }

  /** A class loader of its own class, to be named in {@code exclude-class-loaders}. */
  static final class KeptOutLoader extends ClassLoader {
    KeptOutLoader(ClassLoader parent) {
      super(parent);
    }
  }

  @Test
  void classesOfAnExcludedClassLoaderAreLeftAloneAndThoseOfOthersWoven() throws Exception {
    Weaver weaver = new Weaver(AgentLog.get(), java.util.Set.of(KeptOutLoader.class.getName()))
        .register(List.of(module(List.of(), AdvisedMethod.call(Service.class.getName(), named("create"), 1))),
            new CallSiteRegistry());

    assertThat(transform(weaver, new KeptOutLoader(loader), Service.class)).as("in the excluded loader").isNull();
    assertThat(transform(weaver, new MarkerLoader(loader), Service.class)).as("in another loader").isNotNull();
    assertThat(transform(weaver, loader, Service.class)).as("in the test's loader").isNotNull();
    assertThat(weaver.transformedCount()).isEqualTo(2);
  }

  @Test
  void aTypeNamedExactlyIsWovenAndTheAdviceRunsInIt() throws Exception {
    Weaver weaver = weaver(module(List.of(), AdvisedMethod.call(Service.class.getName(), named("create"), 1)));

    byte[] woven = transform(weaver, loader, Service.class);

    assertThat(woven).isNotNull();
    assertThat(weaver.transformedCount()).isEqualTo(1);
    assertThat(call(Service.class, woven, "create")).as("no governor installed: the call passes")
        .isEqualTo("created x");
    refuseEveryCall();
    assertThatThrownBy(() -> call(Service.class, woven, "create")).isInstanceOf(Refusal.class);
  }

  @Test
  void everyOtherClassIsLeftAlone() throws Exception {
    Weaver weaver = weaver(module(List.of(), AdvisedMethod.call(Service.class.getName(), named("create"), 1)));

    assertThat(transform(weaver, loader, Unrelated.class)).isNull();
    assertThat(weaver.transform(null, loader, null, null, null, new byte[0])).as("a hidden class").isNull();
    assertThat(weaver.transformedCount()).isZero();
  }

  @Test
  void aLoaderWhereAReferenceIsMissingIsLeftAlone() throws Exception {
    Weaver weaver = weaver(module(List.of(Reference.type("fake.lib.NoSuchUsage")),
        AdvisedMethod.call(Service.class.getName(), named("create"), 1)));

    assertThat(transform(weaver, loader, Service.class)).isNull();
    assertThat(weaver.transformedCount()).isZero();
  }

  @Test
  void subtypesAreWovenInLoadersThatSeeTheSupertypeInterfacesAndOthersAreNot() throws Exception {
    Weaver weaver = weaver(module(List.of(), AdvisedMethod.call(Model.class.getName(), named("doChat"), 2)
        .inSubtypes(nameStartsWith("fake.lib."))));

    byte[] woven = transform(weaver, loader, PROVIDER, provider());
    assertThat(woven).isNotNull();
    assertThat(call(PROVIDER, woven, "doChat")).isEqualTo("chat");
    refuseEveryCall();
    assertThatThrownBy(() -> call(PROVIDER, woven, "doChat")).isInstanceOf(Refusal.class);

    assertThat(transform(weaver, loader, RICHER_MODEL, richerModel())).as("an interface").isNull();
    assertThat(transform(weaver, loader, "fake.lib.Unrelated",
        new ByteBuddy().subclass(Object.class).name("fake.lib.Unrelated").make().getBytes())).as("not a subtype")
        .isNull();
    try (URLClassLoader blind = new URLClassLoader(new java.net.URL[0], null)) {
      assertThat(transform(weaver, blind, PROVIDER, provider())).as("a loader that cannot see Model").isNull();
    }
    assertThat(weaver.transformedCount()).isEqualTo(1);
  }

  /** A module the weaver makes on demand; counts how often it was made. */
  private static Weaver.Deferred deferred(java.util.concurrent.atomic.AtomicInteger made, ModuleTypes types,
                                          AdvisedMethod... methods) {
    return new Weaver.Deferred("fake", types, () -> {
      made.incrementAndGet();
      return module(List.of(), methods);
    });
  }

  @Test
  void aDeferredModuleIsMadeOnlyWhenOneOfItsTypesLoadsAndThenWeavesIt() throws Exception {
    var made = new java.util.concurrent.atomic.AtomicInteger();
    Weaver weaver = new Weaver(AgentLog.get()).register(List.of(), new CallSiteRegistry()).defer(List.of(
        deferred(made, new ModuleTypes(List.of(Service.class.getName()), List.of()),
            AdvisedMethod.call(Service.class.getName(), named("create"), 1))));

    assertThat(transform(weaver, loader, Unrelated.class)).isNull();
    assertThat(made).as("no class of the module loaded yet").hasValue(0);
    assertThat(weaver.targetTypes()).isEmpty();

    byte[] woven = transform(weaver, loader, Service.class);
    assertThat(woven).as("the class that made the module is woven itself").isNotNull();
    assertThat(transform(weaver, loader, Service.class)).isNotNull();
    assertThat(made).as("made once").hasValue(1);
    refuseEveryCall();
    assertThatThrownBy(() -> call(Service.class, woven, "create")).isInstanceOf(Refusal.class);
  }

  @Test
  void aDeferredModuleOfSubtypesIsMadeWhenAClassLoadsWhereItsSupertypeIsSeen() throws Exception {
    var made = new java.util.concurrent.atomic.AtomicInteger();
    Weaver weaver = new Weaver(AgentLog.get()).register(List.of(), new CallSiteRegistry()).defer(List.of(
        deferred(made, new ModuleTypes(List.of(), List.of(Model.class.getName())),
            AdvisedMethod.call(Model.class.getName(), named("doChat"), 2).inSubtypes(nameStartsWith("fake.lib.")))));

    try (URLClassLoader blind = new URLClassLoader(new java.net.URL[0], null)) {
      assertThat(transform(weaver, blind, PROVIDER, provider())).as("a loader that cannot see Model").isNull();
    }
    assertThat(made).hasValue(0);
    byte[] woven = transform(weaver, loader, PROVIDER, provider());
    assertThat(woven).isNotNull();
    assertThat(made).hasValue(1);
    refuseEveryCall();
    assertThatThrownBy(() -> call(PROVIDER, woven, "doChat")).isInstanceOf(Refusal.class);
  }

  /** Serves one marker class file (as a resource only) and defines classes it is given; counts the lookups. */
  static final class MarkerLoader extends ClassLoader {
    static final String MARKER = "fake.lib.OnlyHere";
    final java.util.concurrent.atomic.AtomicInteger markerLookups = new java.util.concurrent.atomic.AtomicInteger();

    MarkerLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected java.net.URL findResource(String name) {
      if (!name.equals(MARKER.replace('.', '/') + ".class")) {
        return null;
      }
      markerLookups.incrementAndGet();
      try {
        return new java.net.URL("file:/only-here/" + name);
      } catch (java.net.MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    Class<?> define(String name, byte[] bytes) {
      return defineClass(name, bytes, 0, bytes.length);
    }
  }

  /**
   * Issue 6: at start the weaver looks at every class loaded already (about a thousand, on the host's main thread);
   * an array among them must not count as a class of its loader, or the subtype check asks that loader for each
   * supertype's class file (the agent's own arrays made it ask the agent's loader and the JDK's image reader).
   */
  @Test
  void anArrayLoadedBeforeTheStartNeitherMakesADeferredModuleNorSendsItsLoaderLookingForTheSupertype() {
    var made = new java.util.concurrent.atomic.AtomicInteger();
    MarkerLoader markerLoader = new MarkerLoader(loader);
    Class<?> element = markerLoader.define("fake.lib.Element",
        new ByteBuddy().subclass(Object.class).name("fake.lib.Element").make().getBytes());
    Class<?> array = java.lang.reflect.Array.newInstance(element, 0).getClass();
    java.lang.instrument.Instrumentation inst = (java.lang.instrument.Instrumentation) Proxy.newProxyInstance(
        loader, new Class<?>[] {java.lang.instrument.Instrumentation.class}, (proxy, method, args) ->
            switch (method.getName()) {
              case "getAllLoadedClasses" -> new Class<?>[] {array};
              case "isModifiableClass", "isRetransformClassesSupported" -> false;
              default -> null;
            });

    new Weaver(AgentLog.get()).install(inst, List.of(), List.of(
        deferred(made, new ModuleTypes(List.of(), List.of(MarkerLoader.MARKER)),
            AdvisedMethod.call(MarkerLoader.MARKER, named("doChat"), 2).inSubtypes(nameStartsWith("fake.lib.")))),
        new CallSiteRegistry());

    assertThat(markerLoader.markerLookups).as("the array's loader asked for the supertype's class file").hasValue(0);
    assertThat(made).as("deferred module made").hasValue(0);
  }

  @Test
  void theWarmUpRegistersTheDeferredModulesWhoseTypesTheClassPathHolds() throws Exception {
    var present = new java.util.concurrent.atomic.AtomicInteger();
    var absent = new java.util.concurrent.atomic.AtomicInteger();
    Weaver weaver = new Weaver(AgentLog.get()).register(List.of(), new CallSiteRegistry()).defer(List.of(
        deferred(present, new ModuleTypes(List.of("fake.lib.NotThere", Service.class.getName()), List.of()),
            AdvisedMethod.call(Service.class.getName(), named("create"), 1)),
        deferred(absent, new ModuleTypes(List.of("fake.lib.NotThere"), List.of("fake.lib.NoSuperType")),
            AdvisedMethod.call("fake.lib.NotThere", named("create"), 2))));

    weaver.registerVisible(loader);

    assertThat(present).as("a type of it is on the class path: made ahead of its first class").hasValue(1);
    assertThat(absent).hasValue(0);
    assertThat(weaver.targetTypes()).containsExactly(Service.class.getName());
    assertThat(transform(weaver, loader, Service.class)).isNotNull();
    assertThat(present).as("not made again when its class loads").hasValue(1);
  }

  @Test
  void twoDeferredModulesOfOneTypeAreBothMade() throws Exception {
    var first = new java.util.concurrent.atomic.AtomicInteger();
    var second = new java.util.concurrent.atomic.AtomicInteger();
    ModuleTypes service = new ModuleTypes(List.of(Service.class.getName()), List.of());
    Weaver weaver = new Weaver(AgentLog.get()).register(List.of(), new CallSiteRegistry()).defer(List.of(
        new Weaver.Deferred("one", service, () -> {
          first.incrementAndGet();
          return module(List.of(), AdvisedMethod.call(Service.class.getName(), named("create"), 1));
        }),
        new Weaver.Deferred("two", service, () -> {
          second.incrementAndGet();
          return module(List.of(), AdvisedMethod.call(Service.class.getName(), named("create"), 2));
        })));

    assertThat(transform(weaver, loader, Service.class)).isNotNull();
    assertThat(first).hasValue(1);
    assertThat(second).hasValue(1);
  }

  @Test
  void theWeaverListsTheTypesItWeavesByName() {
    Weaver weaver = weaver(module(List.of(),
        AdvisedMethod.call(Service.class.getName(), named("create"), 1),
        AdvisedMethod.call(Model.class.getName(), named("doChat"), 2).inSubtypes()));

    assertThat(weaver.targetTypes()).containsExactly(Service.class.getName());
  }

  @Test
  void aClientsPerAttemptTransportIsCheckedOnItsOwnAndTellsTheRegistryOnceWoven() throws Exception {
    CallSiteRegistry sites = new CallSiteRegistry();
    int site = sites.register("fake", "chat", io.aiecs.governor.agent.usage.UsageShape.of("usage", null, null, null,
        null, null));
    int transport = sites.registerAttemptTransport((self, decision) -> null);
    sites.retryAtTransport(site, transport);
    InstrumentationModule module = module(List.of(),
        AdvisedMethod.call(Service.class.getName(), named("create"), site),
        AdvisedMethod.attempt("fake.lib.NoSuchTransport", named("execute"), transport),
        AdvisedMethod.attempt(Unrelated.class.getName(), named("create"), transport));
    Weaver weaver = new Weaver(AgentLog.get()).register(List.of(module), sites);

    assertThat(transform(weaver, loader, Service.class)).as("the missing transport does not hold the client back")
        .isNotNull();
    assertThat(sites.retriedAtTransport(site)).as("no transport woven yet: refusals stay at the method").isFalse();
    byte[] woven = transform(weaver, loader, Unrelated.class);
    assertThat(woven).isNotNull();
    assertThat(sites.retriedAtTransport(site)).isTrue();

    GovernorHooks.install((GovernorRuntime) Proxy.newProxyInstance(WeaverTest.class.getClassLoader(),
        new Class<?>[] {GovernorRuntime.class},
        (proxy, method, args) -> method.getName().equals("attempt") ? "the SDK's 429" : null));
    assertThat(call(Unrelated.class, woven, "create")).as("a refused attempt is answered, not run")
        .isEqualTo("the SDK's 429");
  }
}
