package io.aiecs.governor.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Reads the file named by {@code config-file}; injectable so tests can simulate unreadable files. */
@FunctionalInterface
public interface PropertiesReader {
  Properties read(Path path) throws IOException;

  /** Reads the file as UTF-8 properties. */
  static PropertiesReader files() {
    return new PropertiesReader() { // not a lambda: this runs on the host's main thread before its main (issue 6)
      @Override
      public Properties read(Path path) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
          properties.load(reader);
        }
        return properties;
      }
    };
  }
}
