package io.costslo.core.calibration;

import java.time.Duration;

/**
 * A straight line time = intercept + slope · x, with the slope as the time added per unit of x
 * (x is the running batch for ITL, thousands of prompt tokens per second for TTFT).
 */
public record LinearFit(Duration intercept, Duration slope) {}
