package io.costslo.core.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Replica profiles that ship with CostSLO, so the operator runs without the shared data directory.
 * Every figure names the file and rows it came from; paths are relative to {@code shared/data/perf}.
 * The step model is {@link ReplicaProfile#stepMillis}: base, per sequence, per KV-cache token read
 * by decode attention, per prefill token, per prefill attention pair.
 *
 * <h2>70B class (Llama-2-70B, FP16, tensor parallel 2): fitted</h2>
 * Least-squares fit (relative error weighted) of all five terms to the medians of the 5 repeats per
 * configuration in {@code splitwise_perf_model.csv}, model {@code llama2-70b}, {@code tensor_parallel=2},
 * batch 1..32: {@code token_time} at prompt P, batch B, output T is one decode step with B sequences at
 * a mean context of P+T/2 each; {@code prompt_time} is one step prefilling B prompts of P tokens
 * (B*P tokens, B*P*(P+1)/2 attention pairs). Batch 64 rows are excluded: 64 x 640 tokens exceed the
 * KV cache at TP2 and their prompt_time is below batch 32's (a broken run). H100: rows 7-211 except
 * 67-71 ({@code hardware=h100-80gb}); A100: rows 2-206 except 62-66 ({@code hardware=a100-80gb}).
 * Residuals: decode within 8%; prefill within 23% (Splitwise's batched prefills are slower per
 * token than single long prompts, which no single per-token term follows).
 * KV tokens: {@code (2 GPUs x 80 GB x 0.9 - 138 GB weights) / 320 KiB per token} = 18310, from
 * {@code gpu_specs.csv} memory and {@code decode_bandwidth_bound.csv} rows 42/44 (weights_GB,
 * kv_KiB_per_token), using that file's 90%-of-memory convention.
 *
 * <h2>Llama-3-8B BF16 on A100-80GB: Vidur's dense profile plus a fit to Vidur's step rows</h2>
 * The dense-layer roofline {@code hypot(base, perDenseToken * tokens)} has perDenseToken = 0.070242 ms:
 * a least-squares fit (relative error) of {@code hypot(W, d * n)} to Vidur's own measured dense-layer
 * times for this model and GPU at TP1 (github.com/microsoft/vidur, MIT,
 * {@code data/profiling/compute/a100/meta-llama/Meta-Llama-3-8B/mlp.csv}: median of the per-layer
 * operators x 32 layers + embedding, n = 1..8192 tokens, 4-8% off at 512-4096 tokens, 21% at worst near
 * the knee). The other five terms are then fitted (relative error) to the eight {@code kind=step} rows of
 * {@code vidur_llama3_8b_a100_reference.csv} (decode at batch 1/8/32/64 with ~1100 tokens of context each
 * and batch 64 at ~3100; prefill 1x1000, 4x1000, 1x3000 tokens): every row within 3.7%. The roofline is
 * what makes chunked prefill right: a 512-token chunk is compute bound (35 ms of dense layers in Vidur's
 * profile) and does not pay the weight stream on top, which an additive base + per-token model charges
 * (it overstated Vidur's 512-token chunked steps by ~30%). Vidur omits the LM head and CPU/sampling
 * overhead (the file's caveat), so small-batch decode may be somewhat optimistic. The fitted per-prefill-token
 * term (0.0204 ms) is what Vidur charges a prompt token beyond its dense layers, mostly KV-cache save: its
 * {@code attention.csv} prefill rows for this model take 0.51-0.55 ms per layer to save 992-1024 tokens (16-18 us a
 * token over 32 layers), beside 0.10-0.11 ms of prefill attention. Its decode rows save the same bytes 30-55 times
 * faster per token, and its predictor, keyed by the step's token count alone (prompt tokens plus one per decode:
 * {@code sklearn_execution_time_predictor.py}, {@code _get_attention_kv_cache_save_execution_time}), in effect
 * uses them for steps of 512 tokens or fewer. So the profile sets {@code smallStepMaxTokens} = 512 and, for those
 * steps, swaps that save cost for the decode rows' one and keeps the rest of the term (prefill attention, which
 * Vidur keys by chunk and context, not by the step's token count): 0.0203502 - 0.016825 + 0.0003125 = 0.00384 ms,
 * where 0.016825 = 0.53 ms x 32 layers / 1008 tokens (mid-range of the prefill rows above) and 0.0003125 =
 * 0.005 ms x 32 layers / 512 tokens (the decode rows at batch 512). Both come from Vidur's profile, not from
 * the burst rows; the sarathi-512 bursts, whose steps carry 512 tokens, are the out-of-sample check
 * (VidurReplayTest). The eight step rows carry 1000 or more prompt tokens or none, so the fit is unchanged.
 * KV tokens: {@code decode_bandwidth_bound.csv} row 4.
 *
 * <h2>Other 8B profiles (H100, L4, A10G): derived</h2>
 * No step-level profile exists in the data for them, so the coefficients are derived, from the
 * additive fit of the A100 profile to the same Vidur step rows (before its dense roofline: base 10.5219,
 * perSequence 0.026075, perPrefillToken 0.083564, perContextToken 8.72444e-5, perPrefillPair 3.14579e-6
 * ms, every row within 1.2%). They keep the additive model (no dense roofline): the data has no dense
 * profile for these GPUs, so their chunked steps of a few hundred tokens are likely overstated as the
 * A100's were.
 * <ul>
 *   <li>batch-1 step = ideal bandwidth bound ({@code decode_bandwidth_bound.csv} rows 2 H100, 8 A10G,
 *       10 L4, column ideal_batch1_ms_per_token) / achieved bandwidth fraction eta. eta is measured on
 *       the Splitwise 70B batch-1 steps: H100 20.60/37.00 = 0.557, A100 33.84/54.86 = 0.617 (ideal =
 *       row 42/44 bf16 bound / 2 GPUs; measured = median token_time, prompt 512, batch 1). L4 and A10G
 *       use the A100 eta.
 *   <li>perSequence = the additive A100 fit's perSequence x (this batch-1 step / its batch-1 step):
 *       per-sequence overhead scales with the step's fixed cost; base = batch-1 step - perSequence.
 *   <li>perContextToken = the additive A100 fit's value x (2039 GB/s / this GPU's bandwidth), from
 *       {@code gpu_specs.csv} mem_bw_GB_s (H100-SXM 3350, A10G 600, L4 300): KV reads are bandwidth bound.
 *   <li>perPrefillToken = 70B fit's value x (16.06 GB / 138 GB weights, i.e. FLOPs per token) x 2
 *       (one GPU instead of two); L4 and A10G scale the older linear A100 value by dense FP16 TFLOPS.
 *   <li>perPrefillPair = the additive A100 fit's value x (312 TFLOPS / this GPU's, gpu_specs.csv: H100-SXM
 *       989, L4 ~121, A10G 70): attention FLOPs.
 *   <li>KV tokens = {@code kv_tokens_fit_at_90pct_mem} of the same bf16 row.
 * </ul>
 * Cross-check: the H100 profile predicts ~9 ms ITL at batch 10 against 7.88 ms median ITL for
 * Mistral-7B BF16 at concurrency 10 ({@code serving_perf_points.csv} row 29, a 10% smaller model).
 */
public final class BuiltInProfiles {

  private BuiltInProfiles() {}

  /**
   * Vidur's A100 Llama-3-8B per-prompt-token time in steps of at most 512 tokens, milliseconds: the fitted term
   * with its KV-save part (attention.csv prefill rows, 0.53 ms per layer at 1008 tokens) replaced by the decode
   * rows' (0.005 ms per layer at 512 tokens), over 32 layers.
   */
  private static final double SMALL_STEP_PREFILL_TOKEN_MILLIS_A100 = 0.0203502 - 0.53 * 32 / 1008 + 0.005 * 32 / 512;

  /** Llama-2-70B FP16 TP2 on 2x H100-80GB: Splitwise fit, rows 7-211 except 67-71. */
  public static final ReplicaProfile LLAMA_70B_2X_H100 = new ReplicaProfile(
      "llama-70b/2xh100", "H100", 2, 35.0268, 0.291051, 0.108571, 18_310,
      "fit: splitwise_perf_model.csv rows 7-211 minus 67-71 (llama2-70b,h100-80gb,tp2,batch<=32);"
          + " kv: gpu_specs.csv + decode_bandwidth_bound.csv row 42", 4.47522e-4, 1.45443e-5);

  /** Llama-2-70B FP16 TP2 on 2x A100-80GB: Splitwise fit, rows 2-206 except 62-66. */
  public static final ReplicaProfile LLAMA_70B_2X_A100 = new ReplicaProfile(
      "llama-70b/2xa100-80gb", "A100-80GB", 2, 54.6958, 0.283067, 0.303346, 18_310,
      "fit: splitwise_perf_model.csv rows 2-206 minus 62-66 (llama2-70b,a100-80gb,tp2,batch<=32);"
          + " kv: gpu_specs.csv + decode_bandwidth_bound.csv row 44", 5.87220e-4, 1.53955e-5);

  /** Llama-3-8B BF16 on one H100-SXM: derived, decode_bandwidth_bound.csv row 2. */
  public static final ReplicaProfile LLAMA_8B_H100 = new ReplicaProfile(
      "llama-3-8b/h100", "H100", 1, 8.5842, 0.021273, 0.027240, 426_788,
      "derived: decode_bandwidth_bound.csv row 2 (4.79 ms / eta 0.557); context terms from the additive Vidur A100 fit"
          + " x bandwidth 2039/3350 and TFLOPS 312/989", 5.31019e-5, 9.92402e-7);

  /**
   * Llama-3-8B BF16 on one A100-80GB: dense roofline from Vidur's mlp.csv, the rest fitted to the Vidur step
   * rows, the small-step prompt-token rate from Vidur's attention.csv KV-save rows; KV from
   * decode_bandwidth_bound.csv row 4.
   */
  public static final ReplicaProfile LLAMA_8B_A100 = new ReplicaProfile(
      "llama-3-8b/a100-80gb", "A100-80GB", 1, 10.598, 0.0131444, 0.0203502, 426_788,
      "dense: vidur mlp.csv (a100, Meta-Llama-3-8B, tp1) hypot fit; fit: vidur_llama3_8b_a100_reference.csv"
          + " kind=step rows (8 rows, all within 3.7%); steps <= 512 tokens: vidur attention.csv KV-save, decode rows"
          + " instead of prefill rows; kv: decode_bandwidth_bound.csv row 4", 8.6425e-5, 7.27569e-7, 0.070242,
      512, SMALL_STEP_PREFILL_TOKEN_MILLIS_A100);

  /** Llama-3-8B BF16 on one L4: derived, decode_bandwidth_bound.csv row 10. */
  public static final ReplicaProfile LLAMA_8B_L4 = new ReplicaProfile(
      "llama-3-8b/l4", "L4", 1, 86.5661, 0.214525, 0.18755, 42_266,
      "derived: decode_bandwidth_bound.csv row 10 (53.53 ms / eta 0.617); prefill x 312/121 TFLOPS;"
          + " context terms from the additive Vidur A100 fit x bandwidth 2039/300 and TFLOPS 312/121", 5.92971e-4, 8.11145e-6);

  /** Llama-3-8B BF16 on one A10G: derived, decode_bandwidth_bound.csv row 8. */
  public static final ReplicaProfile LLAMA_8B_A10G = new ReplicaProfile(
      "llama-3-8b/a10g", "A10G", 1, 43.2911, 0.107283, 0.32419, 42_266,
      "derived: decode_bandwidth_bound.csv row 8 (26.77 ms / eta 0.617); prefill x 312/70 TFLOPS;"
          + " context terms from the additive Vidur A100 fit x bandwidth 2039/600 and TFLOPS 312/70", 2.96486e-4, 1.40212e-5);

  public static List<ReplicaProfile> all() {
    return List.of(LLAMA_8B_H100, LLAMA_8B_A100, LLAMA_8B_L4, LLAMA_8B_A10G, LLAMA_70B_2X_H100, LLAMA_70B_2X_A100);
  }

  /** Looks a built-in profile up by its name, ignoring case. */
  public static Optional<ReplicaProfile> byName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return all().stream().filter(p -> p.name().equals(wanted)).findFirst();
  }
}
