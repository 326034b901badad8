package io.costslo.core.cycle;

import io.costslo.core.metrics.Observation;
import io.costslo.core.policy.CostPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * Observed latency against the objectives, at the objectives' percentile.
 *
 * @param ttft observed TTFT; empty without metrics or completed requests
 * @param itl observed ITL
 * @param met both at or under their objectives; empty when either is not observed
 */
public record SloCheck(Optional<Duration> ttft, Optional<Duration> itl, Optional<Boolean> met) {

  public static SloCheck of(CostPolicy policy, Optional<Observation> observation) {
    Optional<Duration> ttft = observation.flatMap(Observation::ttft);
    Optional<Duration> itl = observation.flatMap(Observation::itl);
    Optional<Boolean> met = ttft.isPresent() && itl.isPresent()
        ? Optional.of(ttft.get().compareTo(policy.objective().ttft()) <= 0
            && itl.get().compareTo(policy.objective().itl()) <= 0)
        : Optional.empty();
    return new SloCheck(ttft, itl, met);
  }
}
