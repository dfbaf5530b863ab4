package io.aiecs.governor.agent.instrumentation.tools;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.aiecs.governor.agent.config.MethodRef;
import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.instrumentation.advice.EntryAdvice;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The application's agent entry points ({@code aiecs.governor.agent.<id>.entry}): each invocation is a task. */
public final class EntryPointsModule implements InstrumentationModule {
  private final Map<String, List<MethodRef>> entries;

  public EntryPointsModule(Map<String, List<MethodRef>> entries) {
    this.entries = Map.copyOf(entries);
  }

  @Override
  public String name() {
    return "entry-points";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    List<AdvisedMethod> methods = new ArrayList<>();
    for (Map.Entry<String, List<MethodRef>> e : entries.entrySet()) {
      int entry = sites.registerEntry(e.getKey());
      for (MethodRef ref : e.getValue()) {
        methods.add(new AdvisedMethod(ref.className(),
            isMethod().and(named(ref.methodName())).and(not(isAbstract())).and(not(isBridge())),
            EntryAdvice.class.getName(), entry));
      }
    }
    return methods;
  }

  /** The configured classes are the application's, unrelated to each other: each is checked on its own. */
  @Override
  public boolean weavesOneLibrary() {
    return false;
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("your own agent entry points (`aiecs.governor.agent.<id>.entry`)", null,
            "each invocation is a task")
        .with(LibrarySupport.Mode.SYNC, "✓; followed into new threads, virtual threads and the pools below");
  }
}
