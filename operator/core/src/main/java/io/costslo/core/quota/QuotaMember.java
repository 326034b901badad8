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
 *     spend when that is not known
 */
public record QuotaMember(String key, int priority, boolean keepSlo, UsdPerHour wanted) {
  public QuotaMember {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("member key must be set");
    }
    if (wanted == null) {
      throw new IllegalArgumentException("wanted must be set for " + key);
    }
  }
}
