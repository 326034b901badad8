package io.costslo.api.v1alpha1;

import io.costslo.core.units.Durations;

/**
 * The largest values the CRD schema admits, shared by the schema annotations and the reconciler's
 * validator so both refuse the same input. Each bound keeps the planner's work, the status size and
 * what reaches a Deployment far from an overflow, while staying above any real fleet.
 */
public final class Limits {
  public static final int MAX_REPLICAS = 10_000;
  public static final int MAX_BATCH_CAP = 65_536;
  public static final int MAX_BATCH_VALUES = 64;
  /** Tokens per engine step; a million is above any context length served today. */
  public static final int MAX_PREFILL_CHUNK = 1_048_576;
  public static final int MAX_GPUS_PER_REPLICA = 64;
  public static final long MAX_KV_CACHE_TOKENS = 1_000_000_000L;
  public static final int MAX_PORT = 65_535;

  public static final double MAX_USD_PER_GPU_HOUR = 1_000;
  public static final double MAX_USD_PER_MILLION_TOKENS = 1_000_000;
  public static final double MAX_USD_PER_HOUR = 10_000_000;
  public static final double MAX_PREEMPTIONS_PER_HOUR = 60;

  /** Kubernetes object names (DNS subdomain). */
  public static final int MAX_NAME = 253;
  /** Container names and label values (DNS label). */
  public static final int MAX_LABEL = 63;
  public static final int MAX_LABEL_KEY = 317;
  public static final int MAX_WORD = 128;
  public static final int MAX_URL = 2048;
  public static final int MAX_PATH = 512;
  public static final int MAX_QUERY = 4096;
  public static final int MAX_QUERIES = 16;
  public static final int MAX_SELECTOR_LABELS = 32;
  public static final int MAX_TOLERATIONS = 16;
  /** Characters of a duration such as 1m30s. */
  public static final int MAX_DURATION_TEXT = Durations.MAX_TEXT;

  private Limits() {}
}
