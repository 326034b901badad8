package io.costslo.app.operator;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the mock server's store, grouped by resource (plural) and by resource and name, so that a
 * request is matched against the few keys that can satisfy it instead of against every stored object.
 *
 * <p>It only narrows: whoever asks still runs {@link AttributeSet#matches} on each candidate, so what
 * matches is decided by Fabric8's own rules (label selectors, field selectors, wildcards). A stored key can
 * satisfy a query's plain {@code plural=p} (or {@code name=n}) attribute only if it holds that same
 * attribute, which is why a query that has one needs only that bucket. A key whose plural is missing,
 * multi-valued or the wildcard {@code *} is offered to every query, one whose name is so to every query for
 * its resource, and a query without a plain plural gets every key. Candidates come in the store's own order (insertion order, an updated object
 * moving to the end), so "the first match" is the one the stock dispatcher would pick.
 *
 * <p>Not thread-safe: the dispatcher guards it with its lock.
 */
final class StoreIndex {
  static final String PLURAL = "plural";
  static final String NAME = "name";
  private static final String WILDCARD = "*";

  /** Every key with the sequence number of its last insertion: the store's order. */
  private final Map<AttributeSet, Long> order = new HashMap<>();
  private final Map<String, Set<AttributeSet>> byPlural = new HashMap<>();
  private final Map<String, Map<String, Set<AttributeSet>>> byPluralAndName = new HashMap<>();
  /** Per resource, keys whose name is a wildcard or multi-valued: they may match any name of it. */
  private final Map<String, Set<AttributeSet>> anyName = new HashMap<>();
  /** Keys that could match a query whatever its plural says. */
  private final Set<AttributeSet> unbucketed = new LinkedHashSet<>();
  private long next;

  /** Records a key as the store does on put: a key already there keeps its place. */
  void add(AttributeSet key) {
    if (order.containsKey(key)) {
      return;
    }
    order.put(key, next++);
    String plural = plainValue(key.getAttribute(PLURAL));
    if (plural == null) {
      unbucketed.add(key);
      return;
    }
    byPlural.computeIfAbsent(plural, p -> new LinkedHashSet<>()).add(key);
    String name = plainValue(key.getAttribute(NAME));
    if (name != null) {
      byPluralAndName.computeIfAbsent(plural, p -> new HashMap<>()).computeIfAbsent(name, n -> new LinkedHashSet<>())
          .add(key);
    } else if (key.getAttribute(NAME) != null) {
      anyName.computeIfAbsent(plural, p -> new LinkedHashSet<>()).add(key);
    }
  }

  void remove(AttributeSet key) {
    if (key == null || order.remove(key) == null) {
      return;
    }
    unbucketed.remove(key);
    String plural = plainValue(key.getAttribute(PLURAL));
    if (plural == null) {
      return;
    }
    removeFrom(byPlural, plural, key);
    removeFrom(anyName, plural, key);
    String name = plainValue(key.getAttribute(NAME));
    Map<String, Set<AttributeSet>> names = byPluralAndName.get(plural);
    if (name != null && names != null) {
      removeFrom(names, name, key);
      if (names.isEmpty()) {
        byPluralAndName.remove(plural);
      }
    }
  }

  void clear() {
    order.clear();
    byPlural.clear();
    byPluralAndName.clear();
    anyName.clear();
    unbucketed.clear();
  }

  /** Replaces the contents with the keys of a store, in its iteration order. */
  void rebuild(Collection<AttributeSet> keys) {
    clear();
    keys.forEach(this::add);
  }

  int size() {
    return order.size();
  }

  boolean contains(AttributeSet key) {
    return order.containsKey(key);
  }

  /** The stored keys that may match the query (a superset of those that do), in the store's order. */
  List<AttributeSet> candidates(AttributeSet query) {
    Attribute pluralWanted = required(query.getAttribute(PLURAL));
    if (pluralWanted == null || isWildcard(pluralWanted)) {
      return sorted(order.keySet());
    }
    String plural = text(pluralWanted);
    List<Set<AttributeSet>> buckets = new ArrayList<>(3);
    if (plural != null) {
      Attribute nameWanted = required(query.getAttribute(NAME));
      if (nameWanted == null || isWildcard(nameWanted)) {
        addIfAny(buckets, byPlural.get(plural));
      } else {
        // A POST of an object with generateName asks for name null: no plain name equals it.
        String name = text(nameWanted);
        Map<String, Set<AttributeSet>> names = byPluralAndName.get(plural);
        addIfAny(buckets, names == null || name == null ? null : names.get(name));
        addIfAny(buckets, anyName.get(plural));
      }
    }
    // (A null plural equals no plain plural either: only the unbucketed keys can match it.)
    addIfAny(buckets, unbucketed);
    if (buckets.isEmpty()) {
      return List.of();
    }
    if (buckets.size() == 1) {
      return new ArrayList<>(buckets.get(0));
    }
    // The buckets are disjoint, each in store order: merge them back into it.
    List<AttributeSet> merged = new ArrayList<>();
    buckets.forEach(merged::addAll);
    return sorted(merged);
  }

  private static void addIfAny(List<Set<AttributeSet>> buckets, Set<AttributeSet> bucket) {
    if (bucket != null && !bucket.isEmpty()) {
      buckets.add(bucket);
    }
  }

  private List<AttributeSet> sorted(Collection<AttributeSet> keys) {
    List<AttributeSet> list = new ArrayList<>(keys);
    list.sort(Comparator.comparingLong(order::get));
    return list;
  }

  private static void removeFrom(Map<String, Set<AttributeSet>> buckets, String value, AttributeSet key) {
    Set<AttributeSet> bucket = buckets.get(value);
    if (bucket != null) {
      bucket.remove(key);
      if (bucket.isEmpty()) {
        buckets.remove(value);
      }
    }
  }

  /** A stored attribute's one value, or null if it is absent, multi-valued or the wildcard. */
  private static String plainValue(Attribute a) {
    if (a == null || a.getValues().size() != 1) {
      return null;
    }
    Value v = a.getValues().get(0);
    String s = v == null ? null : v.toString();
    return s == null || WILDCARD.equals(s) ? null : s;
  }

  /** The attribute if a match requires a stored key to hold it (WITH, one value), else null. */
  private static Attribute required(Attribute a) {
    return a != null && a.getType() == AttributeType.WITH && a.getValues().size() == 1 ? a : null;
  }

  private static boolean isWildcard(Attribute a) {
    return WILDCARD.equals(text(a));
  }

  private static String text(Attribute a) {
    Value v = a.getValues().get(0);
    return v == null ? null : v.toString();
  }
}
