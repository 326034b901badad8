package io.costslo.app.metrics.text;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A parsed /metrics body: all samples in order, and the declared TYPE of each metric family. */
public record Exposition(List<MetricSample> samples, Map<String, String> types) {

  public Exposition {
    samples = List.copyOf(samples);
    types = Map.copyOf(types);
  }

  /** Samples whose series name equals {@code name}. */
  public List<MetricSample> series(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** Newest explicit timestamp of any sample, if the exporter wrote timestamps. */
  public OptionalLong newestTimestampMillis() {
    return samples.stream().map(MetricSample::timestampMillis).filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong).max();
  }
}
