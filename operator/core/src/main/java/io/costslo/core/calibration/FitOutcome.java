package io.costslo.core.calibration;

import java.util.Optional;

/**
 * What one least-squares fit came to.
 *
 * @param sampleCount usable points the fit saw
 * @param fitted the least-squares line, empty when rejected
 * @param dataWeight weight of the fitted line in the blend, n/(n+n0); 0 when rejected
 * @param rejectedBecause why the fit was not used, empty when it was
 */
public record FitOutcome(int sampleCount, Optional<LinearFit> fitted, double dataWeight, Optional<String> rejectedBecause) {

  static FitOutcome rejected(int sampleCount, String why) {
    return new FitOutcome(sampleCount, Optional.empty(), 0.0, Optional.of(why));
  }

  public boolean accepted() {
    return fitted.isPresent();
  }
}
