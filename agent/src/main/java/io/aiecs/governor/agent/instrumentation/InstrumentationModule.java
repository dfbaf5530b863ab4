package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.references.Reference;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.util.List;

/**
 * Everything the agent weaves into one client library. A module knows its library's classes, methods and
 * usage shapes, and nothing of limits: it declares call sites and the methods to advise with the shared advice.
 *
 * <p><b>Version safety.</b> Before any of a module's advice goes into a class loader, the weaver checks there that
 * each advised type declares a method its matcher selects, and that each of {@link #references()} resolves; if
 * one does not, the module is skipped in that loader with one log line (see
 * {@link io.aiecs.governor.agent.instrumentation.references.ReferenceCheck}).
 */
public interface InstrumentationModule {
  /**
   * Kebab-case name, used in logs and in the switch {@code aiecs.governor.instrumentation.<name>.enabled}; it
   * must not change once released.
   */
  String name();

  /** Registers this library's call sites and returns the methods to advise. */
  List<AdvisedMethod> advisedMethods(CallSiteRegistry sites);

  /**
   * What the module relies on beyond the advised methods: the types and methods its call sites read
   * reflectively (usage accessors) or construct (the library's rate-limit exception for
   * {@code reject-as=client}). None by default.
   */
  default List<Reference> references() {
    return List.of();
  }

  /**
   * Whether the advised types are one library's, checked together (the default): in a class loader where any
   * of them is woven, all of them and all {@link #references()} must resolve. Modules that weave unrelated
   * application classes named in the configuration return false: each advised type is checked on its own.
   */
  default boolean weavesOneLibrary() {
    return true;
  }

  /**
   * What the module supports, for the README's table of supported libraries (generated from this, and checked
   * against it by a test). Null: the module is not listed, which the test reports.
   */
  default LibrarySupport support() {
    return null;
  }
}
