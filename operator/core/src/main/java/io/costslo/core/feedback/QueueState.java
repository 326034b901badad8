package io.costslo.core.feedback;

import java.time.Instant;
import java.util.Optional;

/**
 * The waiting queue as last seen, so its growth can be measured; a plain record for the store.
 *
 * @param seenAt when it was seen; empty before the first observation
 * @param waiting requests waiting then, summed over pods
 */
public record QueueState(Optional<Instant> seenAt, double waiting) {
  public QueueState {
    seenAt = seenAt == null ? Optional.empty() : seenAt;
    if (!(waiting >= 0) || Double.isInfinite(waiting)) {
      throw new IllegalArgumentException("waiting requests must be finite and >= 0, got " + waiting);
    }
  }

  public static QueueState empty() {
    return new QueueState(Optional.empty(), 0.0);
  }
}
