package io.costslo.app.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The repository's examples/: from a directory when given, else the copy bundled in the jar. */
public final class Examples {
  private Examples() {}

  /** @return file name to YAML text, in name order */
  public static Map<String, String> load(Path dir) {
    try {
      if (dir != null) {
        return read(dir);
      }
      URL url = Examples.class.getResource("/examples");
      if (url == null) {
        throw new IllegalStateException("no examples bundled; pass --examples DIR");
      }
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          return read(fs.getPath("/examples"));
        }
      }
      return read(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
        out.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return out;
  }

  public static InputStream stream(String yaml) {
    return new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
