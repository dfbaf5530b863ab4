package io.aiecs.governor.agent.instrumentation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one instrumentation module governs, as the README's table of supported libraries shows it.
 *
 * @param library        the library as people know it
 * @param coordinates    its Maven {@code groupId:artifactId}, or null for the application's own code
 * @param versionsTested the versions the integration tests run (newest first); empty for the application's code
 * @param intercepted    which classes or methods are woven, in a few words
 * @param modes          each supported mode with a short note (e.g. {@code CompletableFuture}); a missing mode is
 *                       not supported
 */
public record LibrarySupport(String library, String coordinates, List<String> versionsTested, String intercepted,
                             Map<Mode, String> modes) {
  /** The columns of the coverage matrix. */
  public enum Mode {
    SYNC("sync"), ASYNC("async"), STREAMING("streaming"), TOOLS("tools");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public LibrarySupport {
    versionsTested = List.copyOf(versionsTested);
    Map<Mode, String> copy = new EnumMap<>(Mode.class);
    copy.putAll(modes);
    modes = java.util.Collections.unmodifiableMap(copy);
  }

  /** A library with no mode yet; add them with {@link #with}. */
  public static LibrarySupport of(String library, String coordinates, String intercepted, String... versionsTested) {
    return new LibrarySupport(library, coordinates, List.of(versionsTested), intercepted, Map.of());
  }

  /** This support plus one mode, with a short note ({@code "✓"} when there is nothing to add). */
  public LibrarySupport with(Mode mode, String note) {
    Map<Mode, String> more = new EnumMap<>(Mode.class);
    more.putAll(modes);
    more.put(mode, note);
    return new LibrarySupport(library, coordinates, versionsTested, intercepted, more);
  }
}
