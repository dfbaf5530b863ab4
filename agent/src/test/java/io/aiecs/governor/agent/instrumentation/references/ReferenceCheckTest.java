package io.aiecs.governor.agent.instrumentation.references;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;

class ReferenceCheckTest {
  private static final String SERVICE = "fake.lib.Service";
  private static final String USAGE = "fake.lib.Usage";
  private static final String BASE_BUILDER = "fake.lib.BaseBuilder";
  private static final String BUILDER = "fake.lib.Builder";

  /** {@code Service.create(String)}: the method an instrumentation would advise. */
  private static DynamicType service() {
    return new ByteBuddy().subclass(Object.class).name(SERVICE)
        .defineMethod("create", String.class, Visibility.PUBLIC).withParameters(String.class)
        .intercept(FixedValue.value("created")).make();
  }

  /** {@code Usage.tokens()}: a type the advice reads. */
  private static DynamicType usage() {
    return new ByteBuddy().subclass(Object.class).name(USAGE)
        .defineMethod("tokens", long.class, Visibility.PUBLIC).intercept(FixedValue.value(42L)).make();
  }

  /** {@code Builder extends BaseBuilder}, {@code build()} declared by the base only. */
  private static DynamicType[] builders() {
    DynamicType.Unloaded<?> base = new ByteBuddy().subclass(Object.class).name(BASE_BUILDER)
        .defineMethod("build", Object.class, Visibility.PUBLIC).intercept(FixedValue.nullValue()).make();
    DynamicType.Unloaded<?> builder = new ByteBuddy().subclass(base.getTypeDescription()).name(BUILDER).make();
    return new DynamicType[] {base, builder};
  }

  private static AdvisedMethod advise(String type, String method) {
    return new AdvisedMethod(type, named(method).and(takesArguments(1)), "fake.Advice", 7);
  }

  private final List<String> skipped = new ArrayList<>();

  private ReferenceCheck check(List<AdvisedMethod> advised, Reference... extra) {
    return ReferenceCheck.of("fake", advised, List.of(extra),
        (module, loader, missing) -> skipped.add(module + " " + (loader == null ? "boot" : loader.getName()) + " " + missing));
  }

  @Test
  void aLibraryWithEverythingPassesAndNothingIsLoadedToCheckIt() {
    FakeLibrary lib = new FakeLibrary(service(), usage());
    ReferenceCheck check = check(List.of(advise(SERVICE, "create")),
        Reference.type(USAGE), Reference.method(USAGE, "tokens"), Reference.method(SERVICE, "create", "java.lang.String"));

    assertThat(check.firstMissing(lib, null)).isEmpty();
    assertThat(check.passes(lib, null)).isTrue();
    assertThat(lib.loaded()).isEmpty();
    assertThat(skipped).isEmpty();
  }

  @Test
  void theAdvisedMethodExistsButAReferencedTypeIsMissing() {
    FakeLibrary lib = new FakeLibrary(service()); // no Usage
    ReferenceCheck check = check(List.of(advise(SERVICE, "create")), Reference.method(USAGE, "tokens"));

    assertThat(check.firstMissing(lib, null)).hasValueSatisfying(r -> assertThat(r).hasToString(USAGE + "#tokens()"));
    assertThat(check.passes(lib, null)).isFalse();
    assertThat(lib.loaded()).isEmpty();
  }

  @Test
  void aMismatchIsReportedOncePerClassLoaderAndTheVerdictIsKept() {
    FakeLibrary lib = new FakeLibrary(service());
    ReferenceCheck check = check(List.of(advise(SERVICE, "create")), Reference.type(USAGE));

    for (int i = 0; i < 3; i++) {
      assertThat(check.passes(lib, null)).isFalse();
    }

    assertThat(skipped).containsExactly("fake fake-library " + USAGE);
  }

  @Test
  void aPassingVerdictWorkedOutAheadIsKeptAndAFailingOneIsLeftForTheWeaveToReport() {
    FakeLibrary complete = new FakeLibrary(service(), usage());
    java.util.concurrent.atomic.AtomicBoolean served = new java.util.concurrent.atomic.AtomicBoolean(true);
    ClassLoader vanishing = new ClassLoader("vanishing", null) {
      @Override
      public java.io.InputStream getResourceAsStream(String name) {
        return served.get() ? complete.getResourceAsStream(name) : null;
      }
    };
    ReferenceCheck check = check(List.of(advise(SERVICE, "create")), Reference.type(USAGE));

    check.prime(vanishing, ReferenceCheck.pool(vanishing));
    served.set(false);
    assertThat(check.firstMissing(vanishing, null)).as("read again now, nothing resolves").isPresent();
    assertThat(check.passes(vanishing, null)).as("the verdict worked out ahead").isTrue();

    FakeLibrary incomplete = new FakeLibrary(service());
    check.prime(incomplete, ReferenceCheck.pool(incomplete));
    assertThat(skipped).as("nothing reported ahead").isEmpty();
    assertThat(check.passes(incomplete, null)).isFalse();
    assertThat(skipped).containsExactly("fake fake-library " + USAGE);
  }

  @Test
  void checksPrimedWithOneSharedPoolReadEachClassFileOnce() {
    FakeLibrary lib = new FakeLibrary(service(), usage());
    java.util.Map<String, Integer> reads = new java.util.concurrent.ConcurrentHashMap<>();
    ClassLoader counting = new ClassLoader("counting", null) {
      @Override
      public java.io.InputStream getResourceAsStream(String name) {
        reads.merge(name, 1, Integer::sum);
        return lib.getResourceAsStream(name);
      }
    };
    // two checks of one module naming the same types: a method checked alone carries the module's references
    ReferenceCheck first = check(List.of(advise(SERVICE, "create")), Reference.method(USAGE, "tokens"));
    ReferenceCheck second = check(List.of(), Reference.method(USAGE, "tokens"), Reference.type(SERVICE));

    var shared = ReferenceCheck.pool(counting);
    first.prime(counting, shared);
    second.prime(counting, shared);
    assertThat(reads).containsEntry("fake/lib/Usage.class", 1).containsEntry("fake/lib/Service.class", 1);
    assertThat(first.passes(counting, null)).as("the verdicts are kept as with a pool each").isTrue();
    assertThat(second.passes(counting, null)).isTrue();

    reads.clear();
    ReferenceCheck third = check(List.of(), Reference.method(USAGE, "tokens"));
    ReferenceCheck fourth = check(List.of(), Reference.method(USAGE, "tokens"));
    third.prime(counting, ReferenceCheck.pool(counting));
    fourth.prime(counting, ReferenceCheck.pool(counting));
    assertThat(reads).as("a pool each: read once per check").containsEntry("fake/lib/Usage.class", 2);
  }

  @Test
  void eachClassLoaderGetsItsOwnVerdict() {
    FakeLibrary complete = new FakeLibrary(service(), usage());
    FakeLibrary incomplete = new FakeLibrary(service());
    ReferenceCheck check = check(List.of(advise(SERVICE, "create")), Reference.type(USAGE));

    assertThat(check.passes(incomplete, null)).isFalse();
    assertThat(check.passes(complete, null)).isTrue();
    assertThat(check.passes(incomplete, null)).isFalse();
    assertThat(skipped).hasSize(1);
  }

  @Test
  void anAdvisedMethodTheMatcherDoesNotFindIsTheFirstMissingReference() {
    FakeLibrary lib = new FakeLibrary(service(), usage());
    ReferenceCheck check = check(List.of(advise(SERVICE, "create"), advise(SERVICE, "createAll")),
        Reference.type(USAGE));

    assertThat(check.firstMissing(lib, null)).hasValueSatisfying(r -> assertThat(r.toString())
        .startsWith(SERVICE + "#").contains("createAll").endsWith("(advised)"));
  }

  @Test
  void anAdvisedTypeThatIsMissingFailsTheCheck() {
    FakeLibrary lib = new FakeLibrary(usage());
    ReferenceCheck check = check(List.of(advise(SERVICE, "create")));

    assertThat(check.passes(lib, null)).isFalse();
  }

  @Test
  void methodParametersMustMatchExactly() {
    FakeLibrary lib = new FakeLibrary(service());

    assertThat(check(List.of(), Reference.method(SERVICE, "create", "java.lang.String")).passes(lib, null)).isTrue();
    assertThat(check(List.of(), Reference.method(SERVICE, "create", "java.lang.Object")).passes(lib, null)).isFalse();
    assertThat(check(List.of(), Reference.method(SERVICE, "create")).passes(lib, null)).isFalse();
  }

  @Test
  void aCalledMethodMayBeInheritedButAnAdvisedOneMustBeDeclared() {
    FakeLibrary lib = new FakeLibrary(builders());

    assertThat(check(List.of(), Reference.method(BUILDER, "build")).passes(lib, null)).isTrue();
    assertThat(check(List.of(), Reference.method(BUILDER, "toString")).passes(lib, null)).isTrue();
    assertThat(check(List.of(new AdvisedMethod(BUILDER, named("build"), "fake.Advice", 1))).passes(lib, null))
        .isFalse();
    assertThat(check(List.of(new AdvisedMethod(BASE_BUILDER, named("build"), "fake.Advice", 1))).passes(lib, null))
        .isTrue();
    assertThat(lib.loaded()).isEmpty();
  }

  @Test
  void aMissingSupertypeMeansTheMethodCannotBeFound() {
    DynamicType[] builders = builders();
    FakeLibrary lib = new FakeLibrary(builders[1]); // Builder without its BaseBuilder

    assertThat(check(List.of(), Reference.method(BUILDER, "build")).passes(lib, null)).isFalse();
  }

  @Test
  void theBootLoaderIsCheckedToo() {
    AdvisedMethod execute = new AdvisedMethod("java.util.concurrent.ThreadPoolExecutor",
        named("execute").and(takesArguments(1)), "fake.Advice", -1);

    assertThat(check(List.of(execute), Reference.method("java.util.concurrent.ForkJoinPool", "execute",
        "java.lang.Runnable")).passes(null, null)).isTrue();
    assertThat(check(List.of(execute), Reference.type("java.util.concurrent.NoSuchPool")).passes(null, null))
        .isFalse();
  }

  @Test
  void theTypeBeingWovenIsTakenAsGiven() {
    DynamicType service = service();
    TypeDescription woven = service.getTypeDescription();
    FakeLibrary withoutClassFiles = new FakeLibrary(usage()); // e.g. a class defined at run time

    assertThat(check(List.of(advise(SERVICE, "create"))).firstMissing(withoutClassFiles, woven)).isEmpty();
  }

  @Test
  void theCheckSaysNoWhereAReferenceIsMissing() throws Exception {
    FakeLibrary complete = new FakeLibrary(service(), usage());
    FakeLibrary incomplete = new FakeLibrary(service());
    ReferenceCheck check = check(List.of(advise(SERVICE, "create")), Reference.type(USAGE));
    TypeDescription type = service().getTypeDescription();

    assertThat(check.passes(complete, type)).isTrue();
    assertThat(check.passes(incomplete, type)).isFalse();
    assertThat(complete.loaded()).isEmpty();
  }
}
