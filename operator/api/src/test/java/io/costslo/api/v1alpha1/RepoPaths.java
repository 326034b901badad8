package io.costslo.api.v1alpha1;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's top level is, for tests that check committed files. */
final class RepoPaths {
  private RepoPaths() {}

  static Path root() {
    String prop = System.getProperty("costslo.repo.root");
    Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("crds"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (a folder with crds/)");
    }
    return p;
  }
}
