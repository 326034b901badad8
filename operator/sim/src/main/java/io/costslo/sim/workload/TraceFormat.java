package io.costslo.sim.workload;

import java.util.Locale;

/** Trace file formats users have. */
public enum TraceFormat {
  /** {@code timestamp,input_tokens,output_tokens}; timestamp in seconds (a header line is optional). */
  CSV,
  /**
   * Azure LLM inference traces (2023, 2024): {@code TIMESTAMP,ContextTokens,GeneratedTokens}, timestamps as
   * date-times (UTC unless they carry an offset).
   */
  AZURE,
  /** BurstGPT: {@code Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type}; seconds. */
  BURSTGPT,
  /** Mooncake JSONL: one {@code {"timestamp": ms, "input_length": n, "output_length": n, ...}} per line. */
  MOONCAKE;

  public static TraceFormat parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
