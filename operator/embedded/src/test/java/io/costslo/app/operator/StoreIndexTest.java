package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index only narrows: every key that can match a query is among its candidates, in the store's order. */
class StoreIndexTest {
  private static AttributeSet key(String plural, String ns, String name) {
    return new AttributeSet(new Attribute("plural", plural), new Attribute("namespace", ns), new Attribute("name", name),
        new Attribute("labels:app", "x"));
  }

  private static AttributeSet query(Attribute... attributes) {
    return new AttributeSet(attributes);
  }

  @Test
  void aNamedQueryGetsOnlyThatNamesKeysWhateverTheStoreSize() {
    StoreIndex index = new StoreIndex();
    for (int i = 0; i < 1000; i++) {
      index.add(key("configmaps", "a", "cm-" + i));
      index.add(key("secrets", "a", "cm-" + i));
    }
    assertThat(index.candidates(query(new Attribute("plural", "configmaps"), new Attribute("name", "cm-7"))))
        .containsExactly(key("configmaps", "a", "cm-7"));
    assertThat(index.candidates(query(new Attribute("plural", "configmaps")))).hasSize(1000);
    assertThat(index.candidates(query(new Attribute("plural", "pods")))).isEmpty();
  }

  @Test
  void candidatesComeInStoreOrderAndAnUpdateMovesToTheEnd() {
    StoreIndex index = new StoreIndex();
    index.add(key("configmaps", "a", "one"));
    index.add(key("configmaps", "a", "two"));
    index.add(key("configmaps", "a", "one"));
    assertThat(names(index.candidates(query(new Attribute("plural", "configmaps"))))).as("a re-add keeps its place")
        .containsExactly("one", "two");
    index.remove(key("configmaps", "a", "one"));
    index.add(key("configmaps", "a", "one"));
    assertThat(names(index.candidates(query(new Attribute("plural", "configmaps"))))).containsExactly("two", "one");
  }

  @Test
  void keysWithoutAPlainPluralOrNameAreOfferedToEveryQuery() {
    StoreIndex index = new StoreIndex();
    index.add(key("configmaps", "a", "first"));
    AttributeSet noPlural = new AttributeSet(new Attribute("name", "x"));
    AttributeSet wildcardName = key("configmaps", "a", "*");
    index.add(noPlural);
    index.add(wildcardName);
    index.add(key("configmaps", "a", "last"));
    assertThat(index.candidates(query(new Attribute("plural", "configmaps"), new Attribute("name", "last"))))
        .containsExactly(noPlural, wildcardName, key("configmaps", "a", "last"));
    assertThat(index.candidates(query(new Attribute("plural", "pods")))).containsExactly(noPlural);
  }

  @Test
  void aCreateWithGenerateNameAsksForNameNullAndGetsNoNamedKey() {
    StoreIndex index = new StoreIndex();
    for (int i = 0; i < 100; i++) {
      index.add(key("events", "a", "e-" + i));
    }
    AttributeSet nameNull = query(new Attribute("plural", "events"), new Attribute("name", (String) null));
    assertThat(index.candidates(nameNull)).isEmpty();
    AttributeSet wildcardName = key("events", "a", "*");
    index.add(wildcardName);
    assertThat(index.candidates(nameNull)).as("a wildcard name equals null too").containsExactly(wildcardName);
  }

  @Test
  void aQueryWithoutARequiredPluralGetsEveryKey() {
    StoreIndex index = new StoreIndex();
    index.add(key("configmaps", "a", "one"));
    index.add(key("secrets", "a", "two"));
    assertThat(index.candidates(query())).hasSize(2);
    assertThat(index.candidates(query(new Attribute("plural", "configmaps", AttributeType.WITHOUT)))).hasSize(2);
    assertThat(index.candidates(query(new Attribute("plural", "*")))).hasSize(2);
  }

  @Test
  void removeAndRebuildLeaveNoStaleKeys() {
    StoreIndex index = new StoreIndex();
    index.add(key("configmaps", "a", "one"));
    index.remove(key("configmaps", "a", "one"));
    index.remove(null);
    assertThat(index.size()).isZero();
    assertThat(index.candidates(query(new Attribute("plural", "configmaps"), new Attribute("name", "one")))).isEmpty();
    index.rebuild(List.of(key("secrets", "b", "s")));
    assertThat(index.contains(key("secrets", "b", "s"))).isTrue();
    assertThat(index.candidates(query(new Attribute("plural", "configmaps")))).isEmpty();
  }

  private static List<String> names(List<AttributeSet> keys) {
    return keys.stream().map(k -> k.getAttribute("name").getValues().get(0).toString()).toList();
  }
}
