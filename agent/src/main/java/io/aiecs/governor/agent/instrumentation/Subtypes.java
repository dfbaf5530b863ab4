package io.aiecs.governor.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matchers for {@link AdvisedMethod#inSubtypes()}: the concrete classes below a library type, looked for only in
 * class loaders that can see that type, so the supertypes of the application's other classes are never walked.
 */
final class Subtypes {
  private Subtypes() {}

  /** Concrete classes that extend or implement {@code typeName} (not the type itself when it is an interface). */
  static ElementMatcher.Junction<TypeDescription> of(String typeName) {
    return not(isAbstract()).and(hasSuperType(named(typeName)));
  }

  /** Class loaders from which {@code typeName}'s class file can be found, asked once per loader. */
  static ElementMatcher<ClassLoader> loaderSees(String typeName) {
    String resource = typeName.replace('.', '/') + ".class";
    Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());
    return loader -> loader != null && seen.computeIfAbsent(loader, l -> l.getResource(resource) != null);
  }
}
