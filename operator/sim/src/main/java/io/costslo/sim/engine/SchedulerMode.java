package io.costslo.sim.engine;

/**
 * How a replica's engine builds a step, the two modes vLLM has shipped.
 *
 * <ul>
 *   <li>{@link #CHUNKED_PREFILL}: vLLM V1 (and V0 with {@code --enable-chunked-prefill}). Every step
 *       first gives one token of the budget ({@code max-num-batched-tokens}) to each decoding sequence,
 *       then continues partly prefilled prompts, then admits waiting requests, each with a chunk of
 *       what budget is left. Decodes never pause; a long prompt is spread over several steps.
 *   <li>{@link #PREFILL_FIRST}: vLLM V0 without chunked prefill. When a waiting request fits, the step
 *       prefills whole prompts only (as many as fit in the budget, at least one) and every decoding
 *       sequence pauses for it; otherwise the step decodes.
 * </ul>
 */
public enum SchedulerMode {
  CHUNKED_PREFILL,
  PREFILL_FIRST;

  /** Parses {@code chunked} or {@code prefill-first}. */
  public static SchedulerMode parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "chunked", "chunked-prefill", "v1" -> CHUNKED_PREFILL;
      case "prefill-first", "v0" -> PREFILL_FIRST;
      default -> throw new IllegalArgumentException("unknown scheduler '" + s + "'; use chunked or prefill-first");
    };
  }

  public String label() {
    return this == CHUNKED_PREFILL ? "chunked" : "prefill-first";
  }
}
