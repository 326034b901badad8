package io.costslo.app.metrics.text;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One sample line: full series name (with any _bucket/_sum/_total suffix), labels, value and the
 * optional explicit timestamp in epoch milliseconds.
 */
public record MetricSample(String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {

  public MetricSample {
    labels = Map.copyOf(labels);
  }

  public String label(String name) {
    return labels.get(name);
  }
}
