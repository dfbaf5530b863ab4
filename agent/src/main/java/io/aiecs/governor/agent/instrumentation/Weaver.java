package io.aiecs.governor.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.nameMatches;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.aiecs.governor.agent.instrumentation.advice.CallSiteId;
import io.aiecs.governor.agent.instrumentation.executors.ExecutorsModule;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import io.aiecs.governor.agent.instrumentation.references.ReferenceCheck;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.bootstrap.AgentFaults;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;

/**
 * Installs the advice of every instrumentation module with Byte Buddy: retransformation (so classes loaded
 * before an attach are woven too), no class-format changes, exact type names (or a name-filtered subtype match,
 * see {@link AdvisedMethod#inSubtypes}) so that matching stays cheap at start, and an exception handler that
 * routes any fault thrown inside advice to {@link AgentFaults}. A module's advice goes into a class loader only
 * where its references resolve ({@link ReferenceCheck}).
 */
public final class Weaver {
  private final Logger log;
  private final AtomicInteger transformed = new AtomicInteger();

  public Weaver(Logger log) {
    this.log = log;
  }

  public ResettableClassFileTransformer install(Instrumentation inst, List<InstrumentationModule> modules,
                                                CallSiteRegistry sites) throws NoSuchMethodException {
    ClassLoader agentLoader = Weaver.class.getClassLoader();
    var onFault = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
        new MethodDescription.ForLoadedMethod(AgentFaults.class.getMethod("suppressed", Throwable.class))));

    // every module's methods first: the JDK types among them are exempt from the ignore rules below
    java.util.Map<InstrumentationModule, List<AdvisedMethod>> advisedByModule = new java.util.LinkedHashMap<>();
    java.util.Set<String> jdkTypes = new java.util.TreeSet<>(ExecutorsModule.jdkTypes());
    for (InstrumentationModule module : modules) {
      List<AdvisedMethod> methods = module.advisedMethods(sites);
      advisedByModule.put(module, methods);
      for (AdvisedMethod m : methods) {
        if (m.typeName().startsWith("jdk.") || m.typeName().startsWith("java.")) {
          jdkTypes.add(m.typeName());
        }
      }
    }
    String[] exempt = jdkTypes.toArray(new String[0]);
    AgentBuilder builder = new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(new Listener())
        .ignore(nameStartsWith("net.bytebuddy.")
            // the agent's own code; not io.aiecs.governor.* wholesale: applications may live there too
            .or(nameMatches("io\\.aiecs\\.governor\\.[^.]+"))
            .or(nameStartsWith("io.aiecs.governor.agent."))
            .or(nameStartsWith("io.aiecs.governor.bootstrap."))
            .or(nameStartsWith("io.aiecs.governor.launcher."))
            .or(nameStartsWith("io.aiecs.governor.shaded."))
            .or(nameStartsWith("java.").and(not(namedOneOf(exempt))))
            .or(nameStartsWith("jdk.").and(not(namedOneOf(exempt))))
            .or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun.")));
    // advice woven into JDK modules calls GovernorHooks, in the bootstrap loader's unnamed module
    builder = builder.assureReadEdgeTo(inst, AgentFaults.class);
    for (InstrumentationModule module : modules) {
      List<AdvisedMethod> advised = advisedByModule.get(module);
      ReferenceCheck together = ReferenceCheck.of(module.name(), advised, module.references(), this::skipped);
      for (AdvisedMethod m : advised) {
        ReferenceCheck check = module.weavesOneLibrary() ? together
            : ReferenceCheck.of(module.name(), List.of(m), module.references(), this::skipped);
        builder = (m.types() == null ? builder.type(named(m.typeName()))
                : builder.type(m.types(), Subtypes.loaderSees(m.typeName()))).and(check.matcher())
            .transform(new AgentBuilder.Transformer.ForAdvice(
                    Advice.withCustomMapping().bind(CallSiteId.class, m.siteId()))
                .include(agentLoader)
                .withExceptionHandler(onFault)
                .advice(m.method(), m.adviceClass()));
      }
      log.debug("instrumentation {} registered", module.name());
    }
    return builder.installOn(inst);
  }

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

  /** Classes woven so far. */
  public int transformedCount() {
    return transformed.get();
  }

  private final class Listener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
      transformed.incrementAndGet();
      log.debug("woven {}", type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      log.warn("could not instrument {}; calls through it are not governed: {}", typeName, error.toString());
    }
  }
}
