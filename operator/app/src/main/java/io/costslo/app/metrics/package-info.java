/**
 * Metrics layer: the two {@link io.costslo.core.metrics.MetricsSource} implementations, the one
 * validator both use, and the {@code costslo observe} report.
 *
 * <h2>Constructing a source</h2>
 *
 * <pre>{@code
 * // Default, no Prometheus: scrape the ready pods directly. One instance per target deployment
 * // (it keeps each pod's previous scrape); call observe() once per reconcile interval.
 * MetricsSource pods = new PodScrapeMetricsSource(
 *     () -> readyPodIps.stream().map(ip -> ip + ":8000").toList(),
 *     PodScrapeMetricsSource.Settings.defaults(Engine.VLLM),
 *     Clock.systemUTC());
 *
 * // Prometheus: one instance can serve many policies.
 * MetricsSource prom = new PrometheusMetricsSource(
 *     PrometheusMetricsSource.Settings.of(URI.create("https://prometheus.monitoring:9090"), Engine.VLLM)
 *         .withBearerToken(tokenFromSecret)        // optional
 *         .withCaCertificatePem(caPemFromSecret)   // optional; default JDK trust
 *         .withSelectorTemplate("namespace=\"{namespace}\",app=\"{deployment}\"") // optional
 *         .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
 *         .withMaxSampleAge(Duration.ofMinutes(2)),
 *     Clock.systemUTC());
 *
 * Observation o = source.observe(new MetricsQuery(ns, deployment, Duration.ofMinutes(1), 0.99,
 *     Map.of("ttft", "histogram_quantile({quantile}, sum by (le) (rate(my_ttft_bucket{selector}[{window}])))"))
 *     .withObjectives(Duration.ofMillis(500), Duration.ofMillis(50))); // then o.attainment() is measured
 * }</pre>
 *
 * <p>Both throw {@link io.costslo.core.metrics.MetricsUnavailableException} with a reason from
 * {@link io.costslo.app.metrics.MetricsReasons}; the caller holds its plan and sets the condition.
 * {@link io.costslo.app.metrics.ObservationReport#observeAndRender} renders either outcome as text.
 */
package io.costslo.app.metrics;
