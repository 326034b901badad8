package io.costslo.app.metrics;

import static io.costslo.app.metrics.MetricsReasons.NO_DATA;
import static io.costslo.app.metrics.MetricsReasons.POD_SCRAPE_FAILED;

import io.costslo.app.metrics.Engine.ScrapeNames;
import io.costslo.app.metrics.text.Exposition;
import io.costslo.app.metrics.text.ExpositionFormatException;
import io.costslo.app.metrics.text.ExpositionParser;
import io.costslo.app.metrics.text.MetricSample;
import io.costslo.core.metrics.MetricsUnavailableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Reading one scraped page: which series are kept, and the sums, buckets and gauges the figures need. */
final class ScrapePages {
  private ScrapePages() {}

  /** Every series name the figures are computed from; the rest of a page is not kept in the history. */
  static java.util.Set<String> usedSeries(ScrapeNames n) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (List<String> counters : List.of(n.finishedRequests(), n.promptTokens(), n.outputTokens())) {
      for (String c : counters) {
        out.add(c);
        out.add((c.endsWith("_total") ? c.substring(0, c.length() - "_total".length()) : c) + "_created");
      }
    }
    for (List<String> histograms : List.of(n.ttftHistogram(), n.itlHistogram())) {
      for (String h : histograms) {
        out.addAll(List.of(h + "_bucket", h + "_sum", h + "_count", h + "_created"));
      }
    }
    // Length histograms give only a tail: their _sum is not read (the means come from the counters).
    for (List<String> histograms : List.of(n.promptLengthHistogram(), n.outputLengthHistogram())) {
      for (String h : histograms) {
        out.addAll(List.of(h + "_bucket", h + "_count", h + "_created"));
      }
    }
    out.addAll(n.running());
    out.addAll(n.waiting());
    out.addAll(n.kvCacheUsage());
    return java.util.Set.copyOf(out);
  }

  /**
   * The page without the series no figure reads, names and labels interned (they repeat at every
   * scrape and across pods): the history then costs a few KB per pod instead of a whole page.
   */
  static Exposition retainUsed(Exposition e, java.util.Set<String> used) {
    return new Exposition(e.samples().stream().filter(m -> used.contains(m.name()))
        .map(m -> {
          Map<String, String> labels = new HashMap<>();
          m.labels().forEach((k, v) -> labels.put(k.intern(), v.intern()));
          return new MetricSample(m.name().intern(), labels, m.value(), m.timestampMillis());
        }).toList(), Map.of());
  }


  /** The same series with every counter and histogram at zero; gauges as they are. */
  static Exposition zeroed(Exposition e) {
    List<MetricSample> samples = e.samples().stream()
        .map(m -> m.name().endsWith("_total") || m.name().endsWith("_bucket") || m.name().endsWith("_sum")
            || m.name().endsWith("_count") ? new MetricSample(m.name(), m.labels(), 0, m.timestampMillis()) : m)
        .toList();
    return new Exposition(samples, e.types());
  }


  /** First alternative present in the current scrape, or NoData naming them all. */
  static String pick(String pod, String what, List<String> alternatives, Exposition e)
      throws MetricsUnavailableException {
    for (String name : alternatives) {
      if (e.has(name)) {
        return name;
      }
    }
    throw new MetricsUnavailableException(NO_DATA, "pod " + pod + " exposes no " + what + " series " + alternatives);
  }

  static double sum(Exposition e, String name) {
    return e.series(name).stream().mapToDouble(MetricSample::value).sum();
  }


  /** Cumulative count per upper bound, summed over any other labels (e.g. one series per engine). */
  static Map<Double, Double> buckets(String pod, Exposition e, String bucketName)
      throws MetricsUnavailableException {
    Map<Double, Double> out = new TreeMap<>();
    for (MetricSample s : e.series(bucketName)) {
      String le = s.label("le");
      double bound;
      try {
        bound = le == null ? Double.NaN : ExpositionParser.parseValue(le, 0);
      } catch (ExpositionFormatException bad) {
        bound = Double.NaN;
      }
      if (Double.isNaN(bound)) {
        throw new MetricsUnavailableException(POD_SCRAPE_FAILED,
            "pod " + pod + ": " + bucketName + " has a bucket without a numeric le label: " + le);
      }
      out.merge(bound, s.value(), Double::sum);
    }
    return out;
  }

  /**
   * Sum of the gauge's series (running, waiting), or with {@code meanOfSeries} their mean (KV usage,
   * a fraction); empty when the engine exposes no such gauge at all (TGI's KV usage).
   */
  static OptionalDouble gauge(String pod, String what, List<String> alternatives, Exposition e,
      boolean meanOfSeries) throws MetricsUnavailableException {
    if (alternatives.isEmpty()) {
      return OptionalDouble.empty();
    }
    String name = pick(pod, what, alternatives, e);
    List<MetricSample> series = e.series(name);
    double total = series.stream().mapToDouble(MetricSample::value).sum();
    return OptionalDouble.of(meanOfSeries ? total / series.size() : total);
  }
}
