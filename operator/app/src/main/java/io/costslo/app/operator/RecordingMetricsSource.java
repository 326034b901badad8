package io.costslo.app.operator;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.util.Optional;

/** Passes reads through and keeps the outcome, so status can show what the cycle saw. */
final class RecordingMetricsSource implements MetricsSource {
  private final MetricsSource delegate;
  private Observation observation;
  private MetricsUnavailableException failure;

  RecordingMetricsSource(MetricsSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public Observation observe(MetricsQuery query) throws MetricsUnavailableException {
    try {
      observation = delegate.observe(query);
      return observation;
    } catch (MetricsUnavailableException e) {
      failure = e;
      throw e;
    }
  }

  Optional<Observation> observation() {
    return Optional.ofNullable(observation);
  }

  Optional<MetricsUnavailableException> failure() {
    return Optional.ofNullable(failure);
  }
}
