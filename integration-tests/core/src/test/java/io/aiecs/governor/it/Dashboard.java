package io.aiecs.governor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names the Grafana dashboard ({@code dashboards/aiecs-governor.json}) queries. */
final class Dashboard {
  static final Path FILE = Path.of("..", "..", "dashboards", "aiecs-governor.json");
  // A PromQL selector: a metric name directly followed by its label matchers.
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

  private Dashboard() {}

  static Set<String> metricNames() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(FILE.toFile());
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = SELECTOR.matcher(target.path("expr").asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
