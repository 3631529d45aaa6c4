package dev.baton.manifests;

import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Revision;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds environment folders for tests: alternating path and content. */
public final class Envs {
  private Envs() {}

  public static EnvironmentFiles env(String name, String... pathsAndContents) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return EnvironmentFiles.of(EnvironmentName.of(name), Revision.of(name + "-rev"), files);
  }
}
