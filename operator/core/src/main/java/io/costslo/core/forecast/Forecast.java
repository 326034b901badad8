package io.costslo.core.forecast;

import io.costslo.core.units.RequestsPerSecond;
import java.util.Optional;

/**
 * The forecast over the next cold-start horizon.
 *
 * @param peak highest forecast rate from now to the end of the horizon; empty before any history
 * @param recentError smoothed relative error of the recent one-bucket-ahead forecasts, 0..1
 * @param trusted the forecast has enough history and a small enough recent error to size on
 */
public record Forecast(Optional<RequestsPerSecond> peak, double recentError, boolean trusted) {}
