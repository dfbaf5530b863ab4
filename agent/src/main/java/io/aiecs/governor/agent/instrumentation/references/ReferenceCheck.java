package io.aiecs.governor.agent.instrumentation.references;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * OpenTelemetry's "muzzle" idea: before an instrumentation's advice goes into a class loader, every
 * {@link Reference} it relies on must resolve in that loader's version of the library. The verdict is worked out
 * once per class loader from class files alone ({@link TypePool} over the loader's {@link ClassFileLocator}:
 * nothing is loaded or initialised to check) and kept while the loader lives (weakly keyed). A mismatch is
 * reported exactly once per loader, naming the first missing reference; the weaver then leaves that loader's
 * classes alone, so the host runs them ungoverned instead of meeting a {@code LinkageError}.
 *
 * <p>Runs on class-loading threads, inside the transformer: the lock only guards the map, never the check
 * (which reads resources through the class loader, and may take that loader's own locks).
 */
public final class ReferenceCheck {
  /** Told of each class loader in which a check fails, once per loader. */
  @FunctionalInterface
  public interface Mismatch {
    void skipped(String instrumentation, ClassLoader loader, Reference firstMissing);
  }

  private static final Optional<Reference> PASSED = Optional.empty();

  private final String instrumentation;
  private final List<Reference> references;
  private final Mismatch onMismatch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<ClassLoader, Optional<Reference>> verdicts = new WeakHashMap<>();
  private volatile Optional<Reference> bootVerdict;

  public ReferenceCheck(String instrumentation, List<Reference> references, Mismatch onMismatch) {
    this.instrumentation = instrumentation;
    this.references = List.copyOf(references);
    this.onMismatch = onMismatch;
  }

  /**
   * The check for advised methods and the further references of their module: each advised type must declare
   * a method its matcher selects ({@link Reference#advised}), then each of {@code extra} must resolve.
   */
  public static ReferenceCheck of(String instrumentation, List<AdvisedMethod> advised, List<Reference> extra,
                                  Mismatch onMismatch) {
    LinkedHashSet<Reference> all = new LinkedHashSet<>();
    for (AdvisedMethod m : advised) {
      all.add(Reference.advised(m));
    }
    all.addAll(extra);
    return new ReferenceCheck(instrumentation, new ArrayList<>(all), onMismatch);
  }

  public List<Reference> references() {
    return references;
  }

  /**
   * Whether every reference resolves in {@code loader} (null: the boot loader). {@code woven}, the type being
   * transformed there if any, is taken as it is rather than read again.
   */
  public boolean passes(ClassLoader loader, TypeDescription woven) {
    Optional<Reference> verdict = cached(loader);
    if (verdict == null) {
      verdict = firstMissing(loader, woven);
      Optional<Reference> earlier = store(loader, verdict);
      if (earlier == null && verdict.isPresent()) {
        onMismatch.skipped(instrumentation, loader, verdict.get());
      }
      verdict = earlier == null ? verdict : earlier;
    }
    return verdict.isEmpty();
  }

  /**
   * Works out ahead of time, off the thread that will load the woven classes, whether the references resolve in
   * {@code loader}, and keeps the verdict when they do. A failing verdict is neither kept nor reported here:
   * {@link #passes} finds and reports it when a class is woven, as it would without this.
   *
   * <p>{@code types} reads {@code loader}'s class files ({@link #pool}); several checks may share it: a module's
   * checks name many of the same types, each read and parsed once then.
   */
  public void prime(ClassLoader loader, TypePool types) {
    if (cached(loader) == null && firstMissing(types).isEmpty()) {
      store(loader, PASSED);
    }
  }

  /** A type pool over the class files {@code loader} would load (null: the boot loader's), for {@link #prime}. */
  public static TypePool pool(ClassLoader loader) {
    return pool(loader, new TypePool.CacheProvider.Simple());
  }

  private static TypePool pool(ClassLoader loader, TypePool.CacheProvider cache) {
    return new TypePool.Default.WithLazyResolution(cache, ClassFileLocator.ForClassLoader.of(loader),
        TypePool.Default.ReaderMode.FAST);
  }

  /** The first reference that does not resolve in {@code loader}, if any; not cached, not reported. */
  public Optional<Reference> firstMissing(ClassLoader loader, TypeDescription woven) {
    TypePool.CacheProvider cache = new TypePool.CacheProvider.Simple();
    if (woven != null) {
      cache.register(woven.getName(), new TypePool.Resolution.Simple(woven));
    }
    return firstMissing(pool(loader, cache));
  }

  private Optional<Reference> firstMissing(TypePool pool) {
    try {
      for (Reference r : references) {
        if (!r.resolvesIn(pool)) {
          return Optional.of(r);
        }
      }
      return PASSED;
    } catch (RuntimeException | LinkageError e) { // cannot tell: leave this loader alone
      return references.isEmpty() ? PASSED : Optional.of(references.get(0));
    }
  }

  private Optional<Reference> cached(ClassLoader loader) {
    if (loader == null) {
      return bootVerdict;
    }
    lock.lock();
    try {
      return verdicts.get(loader);
    } finally {
      lock.unlock();
    }
  }

  /** Stores the verdict unless another thread was first; returns that thread's verdict, or null. */
  private Optional<Reference> store(ClassLoader loader, Optional<Reference> verdict) {
    lock.lock();
    try {
      if (loader == null) {
        Optional<Reference> earlier = bootVerdict;
        if (earlier == null) {
          bootVerdict = verdict;
        }
        return earlier;
      }
      return verdicts.putIfAbsent(loader, verdict);
    } finally {
      lock.unlock();
    }
  }
}
