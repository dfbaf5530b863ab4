package io.aiecs.governor.agent.instrumentation.fakehttp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shaped like a Stainless SDK's {@code core.http.Headers}: a builder, case-insensitive names. */
public final class Headers {
  private final Map<String, List<String>> values;

  private Headers(Map<String, List<String>> values) {
    this.values = values;
  }

  public List<String> values(String name) {
    return values.getOrDefault(name, List.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public Builder put(String name, String value) {
      values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    public Headers build() {
      return new Headers(values);
    }
  }
}
