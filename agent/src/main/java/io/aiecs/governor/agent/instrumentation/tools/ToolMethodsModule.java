package io.aiecs.governor.agent.instrumentation.tools;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isEquals;
import static net.bytebuddy.matcher.ElementMatchers.isHashCode;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.isToString;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.aiecs.governor.agent.config.MethodRef;
import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.instrumentation.advice.ToolCallAdvice;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's own tool methods, named by {@code aiecs.governor.tool-methods}: each execution is a tool call
 * of the running agent. {@code Class#*} means every public method the class declares (not those of
 * {@code Object}); a name means every overload of that name.
 */
public final class ToolMethodsModule implements InstrumentationModule {
  private final List<MethodRef> tools;

  public ToolMethodsModule(List<MethodRef> tools) {
    this.tools = List.copyOf(tools);
  }

  @Override
  public String name() {
    return "tool-methods";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    List<AdvisedMethod> methods = new ArrayList<>(tools.size());
    for (MethodRef t : tools) {
      methods.add(new AdvisedMethod(t.className(), methods(t), ToolCallAdvice.class.getName(), -1));
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
    return LibrarySupport.of("your own tool methods (`aiecs.governor.tool-methods`)", null,
            "each execution is a tool call of the running agent")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.TOOLS, "✓");
  }

  private static ElementMatcher<MethodDescription> methods(MethodRef tool) {
    var concrete = isMethod().and(not(isAbstract())).and(not(isBridge())).and(not(isSynthetic()));
    return tool.allMethods()
        ? concrete.and(isPublic()).and(not(isToString())).and(not(isHashCode())).and(not(isEquals()))
        : concrete.and(named(tool.methodName()));
  }
}
