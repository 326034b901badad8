package io.costslo.app.operator;

import io.costslo.api.v1alpha1.FeedbackStatus;
import io.costslo.core.feedback.Adjustment;
import io.costslo.core.feedback.CorrectionState;
import io.costslo.core.feedback.ErrorBudgetState;
import io.costslo.core.feedback.FeedbackState;
import io.costslo.core.feedback.QueueState;
import io.costslo.core.forecast.ForecastState;
import io.costslo.core.units.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The closed loop's memory and figures in {@code status.feedback}. A status that cannot be read back
 * (edited by hand, an older operator's) starts the loop over rather than failing the reconcile: the
 * loop relearns within minutes, and the model it corrects stays valid meanwhile.
 */
final class FeedbackStatusMapping {
  private FeedbackStatusMapping() {}

  static FeedbackState load(FeedbackStatus f) {
    if (f == null) {
      return FeedbackState.initial();
    }
    try {
      CorrectionState correction = new CorrectionState(or(f.ttftFactor, 1), or(f.itlFactor, 1),
          f.samples == null ? 0 : f.samples, or(f.referenceRate, 0), or(f.referencePromptTokens, 0),
          or(f.capacityFactor, 1), or(f.tailFactor, 1), or(f.irreducibleFactor, 1),
          f.irreducibleSamples == null ? 0 : f.irreducibleSamples, f.tailSamples == null ? 0 : f.tailSamples);
      List<ErrorBudgetState.Bucket> buckets = f.budgetBuckets == null ? List.of() : f.budgetBuckets.stream()
          .filter(b -> b.start != null && b.requests != null && b.missed != null)
          .map(b -> new ErrorBudgetState.Bucket(b.start, b.requests, b.missed)).toList();
      ErrorBudgetState budget = new ErrorBudgetState(buckets, instant(f.budgetLastRecorded), or(f.headroom, 1));
      QueueState queue = new QueueState(instant(f.queueSeenAt), or(f.queueWaiting, 0));
      ForecastState forecast = f.forecastOpenBucket == null ? ForecastState.empty()
          : new ForecastState(f.forecastOpenBucket, or(f.forecastOpenSum, 0),
              f.forecastOpenCount == null ? 0 : f.forecastOpenCount, or(f.forecastLevel, 0), or(f.forecastTrend, 0),
              f.forecastSeasonal == null ? List.of() : f.forecastSeasonal,
              f.forecastClosedBuckets == null ? 0 : f.forecastClosedBuckets, or(f.forecastRecentError, 1));
      return new FeedbackState(correction, budget, queue, forecast);
    } catch (RuntimeException e) {
      return FeedbackState.initial();
    }
  }

  /** The memory to keep, into the status object (kept beside the figures {@link #figures} writes). */
  static FeedbackStatus save(FeedbackStatus existing, FeedbackState state) {
    FeedbackStatus f = existing != null ? existing : new FeedbackStatus();
    CorrectionState c = state.correction();
    f.ttftFactor = c.ttftFactor();
    f.itlFactor = c.itlFactor();
    f.capacityFactor = c.capacityFactor();
    f.tailFactor = c.tailFactor();
    f.samples = c.samples();
    f.tailSamples = c.tailSamples();
    f.irreducibleFactor = c.irreducibleFactor();
    f.irreducibleSamples = c.irreducibleSamples();
    f.referenceRate = c.referenceRate();
    f.referencePromptTokens = c.referencePromptTokens();
    ErrorBudgetState b = state.budget();
    f.headroom = b.headroom();
    f.budgetBuckets = new ArrayList<>();
    b.buckets().forEach(x -> f.budgetBuckets.add(new FeedbackStatus.BudgetBucket(x.start(), x.requests(), x.missed())));
    f.budgetLastRecorded = b.lastRecorded().map(Instant::toString).orElse(null);
    f.queueSeenAt = state.queue().seenAt().map(Instant::toString).orElse(null);
    f.queueWaiting = state.queue().waiting();
    ForecastState fc = state.forecast();
    f.forecastOpenBucket = fc.openBucket();
    f.forecastOpenSum = fc.openSum();
    f.forecastOpenCount = fc.openCount();
    f.forecastLevel = fc.level();
    f.forecastTrend = fc.trend();
    f.forecastSeasonal = new ArrayList<>(fc.seasonal());
    f.forecastClosedBuckets = fc.closedBuckets();
    f.forecastRecentError = fc.recentError();
    return f;
  }

  /** This cycle's figures for people: predicted vs observed, burn, demand, forecast. */
  static void figures(FeedbackStatus f, Adjustment a) {
    f.summary = a.summary();
    var d = a.disagreement();
    f.predictedTtft = d.predictedTtft().map(Durations::format).orElse(null);
    f.observedTtft = d.observedTtft().map(Durations::format).orElse(null);
    f.predictedItl = d.predictedItl().map(Durations::format).orElse(null);
    f.observedItl = d.observedItl().map(Durations::format).orElse(null);
    f.burnRateShort = finite(a.burn().shortWindow());
    f.burnRateLong = finite(a.burn().longWindow());
    f.demandRequestsPerSecond = finite(a.demand().total().value());
    f.forecastRequestsPerSecond = a.forecast().trusted()
        ? a.forecast().peak().map(p -> finite(p.value())).orElse(null) : null;
  }

  private static double or(Double v, double fallback) {
    return v == null ? fallback : v;
  }

  private static Optional<Instant> instant(String s) {
    return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? Math.round(v * 10_000.0) / 10_000.0 : null;
  }
}
