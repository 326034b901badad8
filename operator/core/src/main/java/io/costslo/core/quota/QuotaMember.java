package io.costslo.core.quota;

import io.costslo.core.units.UsdPerHour;

/**
 * A policy a quota covers, as the allocation sees it.
 *
 * @param key "namespace/name"
 * @param priority higher is served first; equal priorities share in proportion to what they want
 * @param keepSlo served what it wants before any priority is considered (it keeps its SLO as far
 *     as the quota can pay for it)
 * @param wanted the USD/h its cycle wants: its cheapest plan meeting the objectives, or its current
 *     spend when that is not known (never below the floor)
 * @param floor the USD/h it spends whatever the quota allows: its cheapest plan within its replica
 *     bounds (replicas.min is the user's, no allowance cuts it)
 */
public record QuotaMember(String key, int priority, boolean keepSlo, UsdPerHour wanted, UsdPerHour floor) {
  public QuotaMember {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("member key must be set");
    }
    if (wanted == null || floor == null) {
      throw new IllegalArgumentException("wanted and floor must be set for " + key);
    }
    wanted = wanted.compareTo(floor) < 0 ? floor : wanted;
  }

  /** A member with no floor. */
  public QuotaMember(String key, int priority, boolean keepSlo, UsdPerHour wanted) {
    this(key, priority, keepSlo, wanted, UsdPerHour.ZERO);
  }
}
