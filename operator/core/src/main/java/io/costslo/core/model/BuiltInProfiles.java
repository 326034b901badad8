package io.costslo.core.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Replica profiles that ship with CostSLO, so the operator runs without the shared data directory.
 * Every figure names the file and rows it came from; paths are relative to {@code shared/data/perf}.
 *
 * <h2>70B class (Llama-2-70B, FP16, tensor parallel 2): fitted</h2>
 * Least-squares fit (relative error weighted) of {@code t = base + perSeq*batch + perPrefillToken*tokens}
 * to the medians of the 5 repeats per configuration in {@code splitwise_perf_model.csv}, model
 * {@code llama2-70b}, {@code tensor_parallel=2}, batch 1..32:
 * {@code token_time} at batch B is one decode step with B sequences; {@code prompt_time} at prompt
 * P and batch B is one step prefilling P*B tokens with B sequences. Batch 64 rows are excluded:
 * 64 x 640 tokens exceed the KV cache at TP2 and their prompt_time is below batch 32's (a broken run).
 * H100: rows 7-211 except 67-71 ({@code hardware=h100-80gb}); A100: rows 2-206 except 62-66
 * ({@code hardware=a100-80gb}).
 * KV tokens: {@code (2 GPUs x 80 GB x 0.9 - 138 GB weights) / 320 KiB per token} = 18310, from
 * {@code gpu_specs.csv} memory and {@code decode_bandwidth_bound.csv} rows 42/44 (weights_GB,
 * kv_KiB_per_token), using that file's 90%-of-memory convention.
 *
 * <h2>8B class (Llama-3-8B, BF16, one GPU): derived</h2>
 * No step-level profile exists in the data for 8B, so the coefficients are derived:
 * <ul>
 *   <li>batch-1 step = ideal bandwidth bound ({@code decode_bandwidth_bound.csv} rows 2 H100, 4
 *       A100-80GB, 8 A10G, 10 L4, column ideal_batch1_ms_per_token) / achieved bandwidth fraction
 *       eta. eta is measured on the Splitwise 70B batch-1 steps: H100 20.60/37.00 = 0.557, A100
 *       33.84/54.86 = 0.617 (ideal = row 42/44 bf16 bound / 2 GPUs; measured = median token_time,
 *       prompt 512, batch 1). Ampere/Ada GPUs (A100, A10G, L4) use the A100 eta.
 *   <li>perSequence = batch-1 step x the 70B fit's perSeq/(base+perSeq) share on the same family.
 *   <li>perPrefillToken = 70B fit's value x (16.06 GB / 138 GB weights, i.e. FLOPs per token) x 2
 *       (one GPU instead of two); L4 and A10G scale the A100 value by dense FP16 TFLOPS
 *       (gpu_specs.csv: A100 312, L4 ~121, A10G 70).
 *   <li>KV tokens = {@code kv_tokens_fit_at_90pct_mem} of the same bf16 row.
 * </ul>
 * Cross-check: the H100 profile predicts 9.76 ms ITL at batch 10 against 7.88 ms median ITL for
 * Mistral-7B BF16 at concurrency 10 ({@code serving_perf_points.csv} row 29, a 10% smaller model).
 */
public final class BuiltInProfiles {

  private BuiltInProfiles() {}

  /** Llama-2-70B FP16 TP2 on 2x H100-80GB: Splitwise fit, rows 7-211 except 67-71. */
  public static final ReplicaProfile LLAMA_70B_2X_H100 = new ReplicaProfile(
      "llama-70b/2xh100", "H100", 2, 35.256, 0.53398, 0.117037, 18_310,
      "fit: splitwise_perf_model.csv rows 7-211 minus 67-71 (llama2-70b,h100-80gb,tp2,batch<=32);"
          + " kv: gpu_specs.csv + decode_bandwidth_bound.csv row 42");

  /** Llama-2-70B FP16 TP2 on 2x A100-80GB: Splitwise fit, rows 2-206 except 62-66. */
  public static final ReplicaProfile LLAMA_70B_2X_A100 = new ReplicaProfile(
      "llama-70b/2xa100-80gb", "A100-80GB", 2, 55.256, 0.59403, 0.312502, 18_310,
      "fit: splitwise_perf_model.csv rows 2-206 minus 62-66 (llama2-70b,a100-80gb,tp2,batch<=32);"
          + " kv: gpu_specs.csv + decode_bandwidth_bound.csv row 44");

  /** Llama-3-8B BF16 on one H100-SXM: derived, decode_bandwidth_bound.csv row 2. */
  public static final ReplicaProfile LLAMA_8B_H100 = new ReplicaProfile(
      "llama-3-8b/h100", "H100", 1, 8.4771, 0.12839, 0.027240, 426_788,
      "derived: decode_bandwidth_bound.csv row 2 (4.79 ms / eta 0.557); splitwise H100 fit shares");

  /** Llama-3-8B BF16 on one A100-80GB: derived, decode_bandwidth_bound.csv row 4. */
  public static final ReplicaProfile LLAMA_8B_A100 = new ReplicaProfile(
      "llama-3-8b/a100-80gb", "A100-80GB", 1, 12.6389, 0.13588, 0.072740, 426_788,
      "derived: decode_bandwidth_bound.csv row 4 (7.88 ms / eta 0.617); splitwise A100 fit shares");

  /** Llama-3-8B BF16 on one L4: derived, decode_bandwidth_bound.csv row 10. */
  public static final ReplicaProfile LLAMA_8B_L4 = new ReplicaProfile(
      "llama-3-8b/l4", "L4", 1, 85.8576, 0.92302, 0.18755, 42_266,
      "derived: decode_bandwidth_bound.csv row 10 (53.53 ms / eta 0.617); prefill x 312/121 TFLOPS");

  /** Llama-3-8B BF16 on one A10G: derived, decode_bandwidth_bound.csv row 8. */
  public static final ReplicaProfile LLAMA_8B_A10G = new ReplicaProfile(
      "llama-3-8b/a10g", "A10G", 1, 42.9368, 0.46160, 0.32419, 42_266,
      "derived: decode_bandwidth_bound.csv row 8 (26.77 ms / eta 0.617); prefill x 312/70 TFLOPS");

  public static List<ReplicaProfile> all() {
    return List.of(LLAMA_8B_H100, LLAMA_8B_A100, LLAMA_8B_L4, LLAMA_8B_A10G, LLAMA_70B_2X_H100, LLAMA_70B_2X_A100);
  }

  /** Looks a built-in profile up by its name, ignoring case. */
  public static Optional<ReplicaProfile> byName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return all().stream().filter(p -> p.name().equals(wanted)).findFirst();
  }
}
