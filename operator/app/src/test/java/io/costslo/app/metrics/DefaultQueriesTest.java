package io.costslo.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.app.metrics.Engine.ScrapeNames;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two sources read the same series: for every engine, each default PromQL query names exactly
 * the series the pod scraper reads for that figure, and together they name every series the scraper
 * keeps (its {@code _created} series aside, which only the scrape needs to spot a new replica).
 */
class DefaultQueriesTest {
  /** A metric name followed by the selector placeholder, the way every default query names a series. */
  private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{selector\\}");

  /** Which series the scraper reads for each figure, written out from PodDelta and ScrapePages. */
  private static final Map<String, Function<ScrapeNames, List<String>>> READS_FOR = Map.ofEntries(
      Map.entry(QueryNames.REQUEST_RATE, ScrapeNames::finishedRequests),
      Map.entry(QueryNames.PROMPT_TOKEN_RATE, ScrapeNames::promptTokens),
      Map.entry(QueryNames.OUTPUT_TOKEN_RATE, ScrapeNames::outputTokens),
      Map.entry(QueryNames.TTFT, n -> suffixed(n.ttftHistogram(), "_bucket")),
      Map.entry(QueryNames.ITL, n -> suffixed(n.itlHistogram(), "_bucket")),
      Map.entry(QueryNames.RUNNING, ScrapeNames::running),
      Map.entry(QueryNames.WAITING, ScrapeNames::waiting),
      Map.entry(QueryNames.KV_CACHE_USAGE, ScrapeNames::kvCacheUsage),
      Map.entry(QueryNames.READY_PODS, ScrapeNames::running),
      Map.entry(QueryNames.NEWEST_SAMPLE, ScrapeNames::running),
      Map.entry(QueryNames.POD_RUNNING, ScrapeNames::running),
      Map.entry(QueryNames.POD_PROMPT_TOKEN_RATE, ScrapeNames::promptTokens),
      Map.entry(QueryNames.POD_ITL_MEAN, n -> suffixed(n.itlHistogram(), "_sum", "_count")),
      Map.entry(QueryNames.POD_TTFT_MEAN, n -> suffixed(n.ttftHistogram(), "_sum", "_count")),
      Map.entry(QueryNames.TTFT_BUCKETS, n -> suffixed(n.ttftHistogram(), "_bucket")),
      Map.entry(QueryNames.ITL_BUCKETS, n -> suffixed(n.itlHistogram(), "_bucket")),
      Map.entry(QueryNames.PROMPT_LENGTH_P99, n -> suffixed(n.promptLengthHistogram(), "_bucket", "_count")),
      Map.entry(QueryNames.OUTPUT_LENGTH_P99, n -> suffixed(n.outputLengthHistogram(), "_bucket", "_count")));

  @ParameterizedTest
  @EnumSource(Engine.class)
  void eachQueryNamesExactlyTheSeriesTheScrapeReadsForThatFigure(Engine engine) {
    ScrapeNames names = engine.scrapeNames();
    for (var e : READS_FOR.entrySet()) {
      Set<String> expected = Set.copyOf(e.getValue().apply(names));
      String promql = engine.defaultQueries().get(e.getKey());
      if (expected.isEmpty()) {
        assertThat(promql).as(engine + " " + e.getKey() + ": the engine exposes no such series").isNull();
      } else {
        assertThat(promql).as(engine + " " + e.getKey()).isNotNull();
        assertThat(series(promql)).as(engine + " " + e.getKey() + ": " + promql).isEqualTo(expected);
      }
    }
    assertThat(READS_FOR.keySet()).as("every default query is covered here").containsAll(engine.defaultQueries().keySet());
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void togetherTheQueriesNameEverySeriesTheScrapeKeeps(Engine engine) {
    Set<String> named = new HashSet<>();
    engine.defaultQueries().values().forEach(q -> named.addAll(series(q)));
    Set<String> kept = ScrapePages.usedSeries(engine.scrapeNames()).stream()
        .filter(s -> !s.endsWith("_created")).collect(Collectors.toSet());
    assertThat(named).isEqualTo(kept);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void everyQueryUsesOnlyTheDocumentedPlaceholders(Engine engine) {
    for (String q : engine.defaultQueries().values()) {
      assertThat(q.replaceAll("\\{(selector|window|quantile)\\}", "")).as(q).doesNotContain("{").doesNotContain("}");
      assertThat(q.chars().filter(c -> c == '(').count()).as(q).isEqualTo(q.chars().filter(c -> c == ')').count());
    }
  }

  private static Set<String> series(String promql) {
    Set<String> out = new HashSet<>();
    Matcher m = SERIES.matcher(promql);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<String> suffixed(List<String> bases, String... suffixes) {
    return bases.stream().flatMap(b -> Stream.of(suffixes).map(s -> b + s)).toList();
  }
}
