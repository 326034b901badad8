package io.costslo.app.metrics;

import java.util.List;
import java.util.Map;

/**
 * Model server whose metrics are read. Each engine names the series the pod scraper reads; its
 * default PromQL (templates with {selector}, {window} and {quantile}) is generated from the same
 * names by {@link DefaultQueries}, so adding an engine or renaming a metric is one edit here.
 *
 * <p>Where an engine exposes two generations of a name, both are read: PromQL combines them with
 * {@code or} (after rate()/avg_over_time() the metric name is gone, so {@code or} keeps one series
 * per pod even when a server exposes both), and the scraper takes the first name present.
 */
public enum Engine {
  VLLM(
      new ScrapeNames(
          List.of("vllm:request_success_total"),
          List.of("vllm:prompt_tokens_total"),
          List.of("vllm:generation_tokens_total"),
          List.of("vllm:time_to_first_token_seconds"),
          List.of("vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"),
          List.of("vllm:num_requests_running"),
          List.of("vllm:num_requests_waiting"),
          List.of("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"),
          List.of("vllm:request_prompt_tokens"),
          List.of("vllm:request_generation_tokens"))),

  /**
   * Text Generation Inference. TGI has no TTFT histogram: the default TTFT is the queue-time
   * quantile, which misses the prefill itself (override "ttft" if you export a better one). Its
   * ITL histogram holds one per-request mean per request, not one point per token. TGI exposes no
   * KV-cache usage: that figure is reported as 0 unless the "kvCacheUsage" query is overridden.
   */
  TGI(
      new ScrapeNames(
          List.of("tgi_request_success"),
          List.of("tgi_request_input_length_sum"),
          List.of("tgi_request_generated_tokens_sum"),
          List.of("tgi_request_queue_duration"),
          List.of("tgi_request_mean_time_per_token_duration"),
          List.of("tgi_batch_current_size"),
          List.of("tgi_queue_size"),
          List.of(),
          List.of("tgi_request_input_length"),
          List.of("tgi_request_generated_tokens"))),

  /** SGLang. Finished requests are counted by the e2e-latency histogram's count. */
  SGLANG(
      new ScrapeNames(
          List.of("sglang:e2e_request_latency_seconds_count"),
          List.of("sglang:prompt_tokens_total"),
          List.of("sglang:generation_tokens_total"),
          List.of("sglang:time_to_first_token_seconds"),
          List.of("sglang:inter_token_latency_seconds", "sglang:time_per_output_token_seconds"),
          List.of("sglang:num_running_reqs"),
          List.of("sglang:num_queue_reqs"),
          List.of("sglang:token_usage"),
          List.of(),
          List.of()));

  private final ScrapeNames scrapeNames;
  private final Map<String, String> defaultQueries;

  Engine(ScrapeNames scrapeNames) {
    this.scrapeNames = scrapeNames;
    this.defaultQueries = DefaultQueries.of(scrapeNames);
  }

  /**
   * PromQL templates keyed by {@link QueryNames}, generated from {@link #scrapeNames()}; a name may be
   * absent (e.g. TGI has no KV usage).
   */
  public Map<String, String> defaultQueries() {
    return defaultQueries;
  }

  public ScrapeNames scrapeNames() {
    return scrapeNames;
  }

  /**
   * Series the pod scraper reads, each a list of alternatives (first present wins). Counters are
   * full sample names (with _total); histograms are base names (the scraper adds _bucket/_sum/_count).
   * An empty list means the engine does not expose that figure. The per-request length histograms
   * give the prompt and output p99; they are optional on a pod (older servers lack them).
   */
  public record ScrapeNames(
      List<String> finishedRequests,
      List<String> promptTokens,
      List<String> outputTokens,
      List<String> ttftHistogram,
      List<String> itlHistogram,
      List<String> running,
      List<String> waiting,
      List<String> kvCacheUsage,
      List<String> promptLengthHistogram,
      List<String> outputLengthHistogram) {}
}
