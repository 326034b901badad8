package io.costslo.app.metrics;

import java.util.List;
import java.util.Map;

/**
 * Model server whose metrics are read. Each engine brings its default PromQL (templates with
 * {selector}, {window} and {quantile}) and the series names the pod scraper reads.
 *
 * <p>Where an engine exposes two generations of a name, both are read: PromQL combines them with
 * {@code or} (after rate()/avg_over_time() the metric name is gone, so {@code or} keeps one series
 * per pod even when a server exposes both), and the scraper takes the first name present.
 */
public enum Engine {
  VLLM(Map.ofEntries(
      Map.entry(QueryNames.REQUEST_RATE, "sum(rate(vllm:request_success_total{selector}[{window}]))"),
      Map.entry(QueryNames.PROMPT_TOKEN_RATE, "sum(rate(vllm:prompt_tokens_total{selector}[{window}]))"),
      Map.entry(QueryNames.OUTPUT_TOKEN_RATE, "sum(rate(vllm:generation_tokens_total{selector}[{window}]))"),
      Map.entry(QueryNames.TTFT, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(vllm:time_to_first_token_seconds_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.ITL, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(vllm:inter_token_latency_seconds_bucket{selector}[{window}])"
          + " or rate(vllm:time_per_output_token_seconds_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.E2E_LATENCY, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(vllm:e2e_request_latency_seconds_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.RUNNING, "sum(avg_over_time(vllm:num_requests_running{selector}[{window}]))"),
      Map.entry(QueryNames.WAITING, "sum(avg_over_time(vllm:num_requests_waiting{selector}[{window}]))"),
      Map.entry(QueryNames.KV_CACHE_USAGE, "avg(avg_over_time(vllm:kv_cache_usage_perc{selector}[{window}])"
          + " or avg_over_time(vllm:gpu_cache_usage_perc{selector}[{window}]))"),
      Map.entry(QueryNames.READY_PODS, "count(count by (pod) (vllm:num_requests_running{selector}))"),
      Map.entry(QueryNames.NEWEST_SAMPLE, "max(timestamp(vllm:num_requests_running{selector}))"),
      Map.entry(QueryNames.POD_RUNNING, "sum by (pod) (avg_over_time(vllm:num_requests_running{selector}[{window}]))"),
      Map.entry(QueryNames.POD_PROMPT_TOKEN_RATE, "sum by (pod) (rate(vllm:prompt_tokens_total{selector}[{window}]))"),
      Map.entry(QueryNames.POD_ITL_MEAN, "sum by (pod) (rate(vllm:inter_token_latency_seconds_sum{selector}[{window}])"
          + " or rate(vllm:time_per_output_token_seconds_sum{selector}[{window}]))"
          + " / sum by (pod) (rate(vllm:inter_token_latency_seconds_count{selector}[{window}])"
          + " or rate(vllm:time_per_output_token_seconds_count{selector}[{window}]))"),
      Map.entry(QueryNames.POD_TTFT_MEAN, "sum by (pod) (rate(vllm:time_to_first_token_seconds_sum{selector}[{window}]))"
          + " / sum by (pod) (rate(vllm:time_to_first_token_seconds_count{selector}[{window}]))")),
      new ScrapeNames(
          List.of("vllm:request_success_total"),
          List.of("vllm:prompt_tokens_total"),
          List.of("vllm:generation_tokens_total"),
          List.of("vllm:time_to_first_token_seconds"),
          List.of("vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"),
          List.of("vllm:num_requests_running"),
          List.of("vllm:num_requests_waiting"),
          List.of("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"))),

  /**
   * Text Generation Inference. TGI has no TTFT histogram: the default TTFT is the queue-time
   * quantile, which misses the prefill itself (override "ttft" if you export a better one). Its
   * ITL histogram holds one per-request mean per request, not one point per token. TGI exposes no
   * KV-cache usage: that figure is reported as 0 unless the "kvCacheUsage" query is overridden.
   */
  TGI(Map.ofEntries(
      Map.entry(QueryNames.REQUEST_RATE, "sum(rate(tgi_request_success{selector}[{window}]))"),
      Map.entry(QueryNames.PROMPT_TOKEN_RATE, "sum(rate(tgi_request_input_length_sum{selector}[{window}]))"),
      Map.entry(QueryNames.OUTPUT_TOKEN_RATE, "sum(rate(tgi_request_generated_tokens_sum{selector}[{window}]))"),
      Map.entry(QueryNames.TTFT, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(tgi_request_queue_duration_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.ITL, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(tgi_request_mean_time_per_token_duration_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.E2E_LATENCY, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(tgi_request_duration_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.RUNNING, "sum(avg_over_time(tgi_batch_current_size{selector}[{window}]))"),
      Map.entry(QueryNames.WAITING, "sum(avg_over_time(tgi_queue_size{selector}[{window}]))"),
      Map.entry(QueryNames.READY_PODS, "count(count by (pod) (tgi_batch_current_size{selector}))"),
      Map.entry(QueryNames.NEWEST_SAMPLE, "max(timestamp(tgi_batch_current_size{selector}))"),
      Map.entry(QueryNames.POD_RUNNING, "sum by (pod) (avg_over_time(tgi_batch_current_size{selector}[{window}]))"),
      Map.entry(QueryNames.POD_PROMPT_TOKEN_RATE,
          "sum by (pod) (rate(tgi_request_input_length_sum{selector}[{window}]))"),
      Map.entry(QueryNames.POD_ITL_MEAN,
          "sum by (pod) (rate(tgi_request_mean_time_per_token_duration_sum{selector}[{window}]))"
              + " / sum by (pod) (rate(tgi_request_mean_time_per_token_duration_count{selector}[{window}]))"),
      Map.entry(QueryNames.POD_TTFT_MEAN, "sum by (pod) (rate(tgi_request_queue_duration_sum{selector}[{window}]))"
          + " / sum by (pod) (rate(tgi_request_queue_duration_count{selector}[{window}]))")),
      new ScrapeNames(
          List.of("tgi_request_success"),
          List.of("tgi_request_input_length_sum"),
          List.of("tgi_request_generated_tokens_sum"),
          List.of("tgi_request_queue_duration"),
          List.of("tgi_request_mean_time_per_token_duration"),
          List.of("tgi_batch_current_size"),
          List.of("tgi_queue_size"),
          List.of())),

  /** SGLang. Finished requests are counted by the e2e-latency histogram's count. */
  SGLANG(Map.ofEntries(
      Map.entry(QueryNames.REQUEST_RATE, "sum(rate(sglang:e2e_request_latency_seconds_count{selector}[{window}]))"),
      Map.entry(QueryNames.PROMPT_TOKEN_RATE, "sum(rate(sglang:prompt_tokens_total{selector}[{window}]))"),
      Map.entry(QueryNames.OUTPUT_TOKEN_RATE, "sum(rate(sglang:generation_tokens_total{selector}[{window}]))"),
      Map.entry(QueryNames.TTFT, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(sglang:time_to_first_token_seconds_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.ITL, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(sglang:inter_token_latency_seconds_bucket{selector}[{window}])"
          + " or rate(sglang:time_per_output_token_seconds_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.E2E_LATENCY, "histogram_quantile({quantile}, sum by (le) "
          + "(rate(sglang:e2e_request_latency_seconds_bucket{selector}[{window}])))"),
      Map.entry(QueryNames.RUNNING, "sum(avg_over_time(sglang:num_running_reqs{selector}[{window}]))"),
      Map.entry(QueryNames.WAITING, "sum(avg_over_time(sglang:num_queue_reqs{selector}[{window}]))"),
      Map.entry(QueryNames.KV_CACHE_USAGE, "avg(avg_over_time(sglang:token_usage{selector}[{window}]))"),
      Map.entry(QueryNames.READY_PODS, "count(count by (pod) (sglang:num_running_reqs{selector}))"),
      Map.entry(QueryNames.NEWEST_SAMPLE, "max(timestamp(sglang:num_running_reqs{selector}))"),
      Map.entry(QueryNames.POD_RUNNING, "sum by (pod) (avg_over_time(sglang:num_running_reqs{selector}[{window}]))"),
      Map.entry(QueryNames.POD_PROMPT_TOKEN_RATE, "sum by (pod) (rate(sglang:prompt_tokens_total{selector}[{window}]))"),
      Map.entry(QueryNames.POD_ITL_MEAN,
          "sum by (pod) (rate(sglang:inter_token_latency_seconds_sum{selector}[{window}])"
              + " or rate(sglang:time_per_output_token_seconds_sum{selector}[{window}]))"
              + " / sum by (pod) (rate(sglang:inter_token_latency_seconds_count{selector}[{window}])"
              + " or rate(sglang:time_per_output_token_seconds_count{selector}[{window}]))"),
      Map.entry(QueryNames.POD_TTFT_MEAN,
          "sum by (pod) (rate(sglang:time_to_first_token_seconds_sum{selector}[{window}]))"
              + " / sum by (pod) (rate(sglang:time_to_first_token_seconds_count{selector}[{window}]))")),
      new ScrapeNames(
          List.of("sglang:e2e_request_latency_seconds_count"),
          List.of("sglang:prompt_tokens_total"),
          List.of("sglang:generation_tokens_total"),
          List.of("sglang:time_to_first_token_seconds"),
          List.of("sglang:inter_token_latency_seconds", "sglang:time_per_output_token_seconds"),
          List.of("sglang:num_running_reqs"),
          List.of("sglang:num_queue_reqs"),
          List.of("sglang:token_usage")));

  private final Map<String, String> defaultQueries;
  private final ScrapeNames scrapeNames;

  Engine(Map<String, String> defaultQueries, ScrapeNames scrapeNames) {
    this.defaultQueries = Map.copyOf(defaultQueries);
    this.scrapeNames = scrapeNames;
  }

  /** PromQL templates keyed by {@link QueryNames}; a name may be absent (e.g. TGI has no KV usage). */
  public Map<String, String> defaultQueries() {
    return defaultQueries;
  }

  public ScrapeNames scrapeNames() {
    return scrapeNames;
  }

  /**
   * Series the pod scraper reads, each a list of alternatives (first present wins). Counters are
   * full sample names (with _total); histograms are base names (the scraper adds _bucket/_sum/_count).
   * An empty list means the engine does not expose that figure.
   */
  public record ScrapeNames(
      List<String> finishedRequests,
      List<String> promptTokens,
      List<String> outputTokens,
      List<String> ttftHistogram,
      List<String> itlHistogram,
      List<String> running,
      List<String> waiting,
      List<String> kvCacheUsage) {}
}
