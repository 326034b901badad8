package io.costslo.core.quota;

import io.costslo.core.units.UsdPerHour;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Shares a quota's available rate among the policies it covers.
 *
 * <ol>
 *   <li>Every policy's floor (its cheapest plan within its replica bounds) first: it is spent
 *       whatever the allowance says, so sharing the rate as if it were not would hand out more
 *       than there is;
 *   <li>Policies marked keepSlo get what they want first (when even that is more than there is,
 *       they share it by priority, then in proportion).
 *   <li>The rest goes by priority, highest first: a priority level is served in full before the next
 *       gets anything; the level where it runs out shares what is left in proportion to what each
 *       wants.
 *   <li>When everyone has what they want, the slack is shared in proportion to what each wants (all
 *       equally when nobody wants anything), so a policy whose load rises has room until the next
 *       reconcile.
 * </ol>
 *
 * <p>So the allowances never sum to more than the available rate (unless the floors alone do), a higher priority is never cut
 * while a lower one (outside its keepSlo share) gets anything, and more available rate never lowers
 * any allowance. {@code QuotaAllocatorPropertiesTest} checks all three on random cases.
 */
public final class QuotaAllocator {
  private QuotaAllocator() {}

  /**
   * @param available the rate to share; empty means unlimited (everyone gets what they want, no cap)
   * @return allowance per member key, in the members' order; empty allowance means not capped
   */
  public static Map<String, Optional<UsdPerHour>> allocate(List<QuotaMember> members, Optional<UsdPerHour> available) {
    Map<String, Optional<UsdPerHour>> out = new LinkedHashMap<>();
    if (available.isEmpty()) {
      members.forEach(m -> out.put(m.key(), Optional.empty()));
      return out;
    }
    int n = members.size();
    double[] granted = new double[n];
    double left = available.get().value();
    for (int i = 0; i < n; i++) {
      granted[i] = members.get(i).floor().value();
      left -= granted[i];
    }
    left = Math.max(0, left);
    List<Integer> protectedIdx = new ArrayList<>();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
      if (members.get(i).keepSlo()) {
        protectedIdx.add(i);
      }
    }
    left = byPriority(members, protectedIdx, granted, left);
    left = byPriority(members, all, granted, left);
    if (left > 0 && n > 0) {
      double wantedSum = members.stream().mapToDouble(m -> m.wanted().value()).sum();
      for (int i = 0; i < n; i++) {
        granted[i] += wantedSum > 0 ? left * members.get(i).wanted().value() / wantedSum : left / n;
      }
    }
    for (int i = 0; i < n; i++) {
      out.put(members.get(i).key(), Optional.of(UsdPerHour.of(granted[i])));
    }
    return out;
  }

  /** Serves the members' outstanding wants level by level; returns what is left. */
  private static double byPriority(List<QuotaMember> members, List<Integer> idx, double[] granted, double left) {
    TreeMap<Integer, List<Integer>> levels = new TreeMap<>(Comparator.reverseOrder());
    for (int i : idx) {
      levels.computeIfAbsent(members.get(i).priority(), p -> new ArrayList<>()).add(i);
    }
    for (List<Integer> level : levels.values()) {
      double need = 0;
      for (int i : level) {
        need += outstanding(members, granted, i);
      }
      if (need <= left) {
        for (int i : level) {
          granted[i] += outstanding(members, granted, i);
        }
        left -= need;
      } else {
        double share = need > 0 ? left / need : 0;
        for (int i : level) {
          granted[i] += outstanding(members, granted, i) * share;
        }
        return 0;
      }
    }
    return left;
  }

  private static double outstanding(List<QuotaMember> members, double[] granted, int i) {
    return Math.max(0, members.get(i).wanted().value() - granted[i]);
  }
}
