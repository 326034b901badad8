package io.costslo.core.testing;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.CostPolicy.Capacity;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.policy.CostPolicy.ReplicaBounds;
import io.costslo.core.policy.CostPolicy.SpotOptions;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.policy.Priority;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/** Seeded random decision problems spanning feasible, over-budget, unreachable and idle cases. */
public final class RandomCases {
  private static final int[] CAP_CHOICES = {1, 4, 8, 16, 32, 64, 128, 256, 512};
  private static final int[] CHUNK_CHOICES = {16, 64, 256, 512, 1024, 2048, 8192};
  private static final double[] PERCENTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

  private RandomCases() {}

  /** One problem: a policy, a load and a cost model. */
  public record Case(long seed, CostPolicy policy, Load load, CostModel costs) {
    @Override
    public String toString() {
      return "seed " + seed + ": " + load + " " + policy.replicas() + " caps " + policy.batch().allowedCaps()
          + " chunks " + policy.batch().allowedChunks()
          + " " + policy.priority() + " spot=" + policy.spot().enabled() + " budget=" + policy.budget();
    }
  }

  /**
   * The caps, and in about half the cases prefill chunks too (drawn from their own stream so the
   * other figures of a seed stay as they were); at least one chunk is >= the smallest cap.
   */
  private static BatchOptions batch(long seed, List<Integer> caps) {
    Random r = new Random(seed ^ 0xC0FFEE);
    if (r.nextBoolean()) {
      return new BatchOptions(caps, caps.get(0));
    }
    int smallest = caps.stream().min(Integer::compare).orElseThrow();
    List<Integer> chunks = new ArrayList<>();
    chunks.add(Math.max(smallest, CHUNK_CHOICES[r.nextInt(CHUNK_CHOICES.length)]));
    int more = r.nextInt(4);
    for (int i = 0; i < more; i++) {
      int k = CHUNK_CHOICES[r.nextInt(CHUNK_CHOICES.length)];
      if (!chunks.contains(k)) {
        chunks.add(k);
      }
    }
    return new BatchOptions(caps, caps.get(0), chunks, OptionalInt.of(chunks.get(0)));
  }

  public static Case generate(long seed, int maxReplicasCeiling, boolean allowBudget) {
    Random r = new Random(seed);
    List<ReplicaProfile> builtIns = BuiltInProfiles.all();
    ReplicaProfile profile = r.nextInt(4) == 0
        ? ReplicaProfile.of("random", "H100", 1 + r.nextInt(2), 2 + r.nextDouble() * 60,
            r.nextDouble() * 1.0, r.nextDouble() * 0.3, 2_000 + r.nextInt(400_000))
        : builtIns.get(r.nextInt(builtIns.size()));

    double inMean = 20 + r.nextDouble() * 2500;
    double outMean = 1 + r.nextDouble() * 700;
    TokenLengths in = new TokenLengths(inMean, inMean * (1 + r.nextDouble() * 3));
    TokenLengths out = new TokenLengths(outMean, outMean * (1 + r.nextDouble() * 3));

    int min = r.nextInt(4);
    int max = Math.max(min + 1, min + 1 + r.nextInt(maxReplicasCeiling - min));
    List<Integer> caps = new ArrayList<>();
    int nCaps = 1 + r.nextInt(5);
    while (caps.size() < nCaps) {
      int c = CAP_CHOICES[r.nextInt(CAP_CHOICES.length)];
      if (!caps.contains(c)) {
        caps.add(c);
      }
    }
    Load probe = new Load(RequestsPerSecond.of(1), in, out);
    double perReplica = LatencyModel.maxRequestRatePerReplica(profile, probe, caps.get(0)).value();
    double rate = r.nextInt(10) == 0 ? 0.0 : r.nextDouble() * Math.max(perReplica, 0.01) * max * 1.1;
    Load load = new Load(RequestsPerSecond.of(rate), in, out);

    double percentile = PERCENTILES[r.nextInt(PERCENTILES.length)];
    double stepMillis = profile.baseMillis();
    LatencyObjective objective = LatencyObjective.of(percentile,
        Duration.ofMillis((long) (stepMillis * (1 + r.nextDouble() * 40) + profile.perPrefillTokenMillis() * inMean)),
        Duration.ofMillis((long) Math.ceil(stepMillis * (1 + r.nextDouble() * 3))));

    double onDemandPerGpu = 0.5 + r.nextDouble() * 8;
    GpuPrice price = GpuPrice.of(onDemandPerGpu, onDemandPerGpu * (0.1 + r.nextDouble() * 1.1));
    SpotOptions spot = r.nextBoolean()
        ? new SpotOptions(true, r.nextDouble(), r.nextInt(Math.min(4, max + 1)), r.nextDouble() * 0.5,
            Duration.ofMinutes(r.nextInt(30)), Optional.empty())
        : SpotOptions.disabled();
    CostModel costs = CostModel.of(price, profile.gpusPerReplica(), spot.enabled() ? spot.preemptionsPerReplicaHour() : 0,
        spot.recoveryTime());

    Budget budget = Budget.none();
    if (allowBudget) {
      // Sometimes below the cheapest plan in bounds, so every budget rule gets exercised.
      double typical = costs.onDemandPerReplica().value() * max * r.nextDouble() * r.nextDouble();
      double tokensPerHour = load.outputTokenRate().value() * 3600;
      Optional<UsdPerHour> perHour = r.nextBoolean() ? Optional.of(UsdPerHour.of(typical)) : Optional.empty();
      Optional<UsdPerMillionTokens> perToken = r.nextBoolean() && tokensPerHour > 0
          ? Optional.of(UsdPerMillionTokens.of(typical / tokensPerHour * 1e6 * (0.5 + r.nextDouble())))
          : Optional.empty();
      budget = new Budget(perToken, perHour);
    }
    Priority priority = r.nextBoolean() ? Priority.SLO : Priority.BUDGET;
    CostPolicy policy = new CostPolicy(objective, budget, priority, new ReplicaBounds(min, max),
        batch(seed, caps), Capacity.of(profile), spot, StabilityOptions.none(), Map.of(), Optional.empty());
    return new Case(seed, policy, load, costs);
  }
}
