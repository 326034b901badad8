package io.costslo.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.core.units.Percentiles;
import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.plan.Optimization;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.RequestsPerSecond;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Print the cost-latency frontier for a policy under a given load, and the plan CostSLO would choose.")
public class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "POLICY.yaml", description = "InferenceCostPolicy YAML.")
  Path file;

  @Option(names = "--load", required = true, converter = LoadConverter.class,
      paramLabel = "rps=R,input=I,output=O[,input_p99=..,output_p99=..]",
      description = "Offered load: requests per second and mean prompt/output tokens per request.")
  Load load;

  @Option(names = "--batch", paramLabel = "N", description = "Batch cap the workload runs with now. Default: the engine default.")
  Integer currentBatch;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "table|json",
      description = "Output format, one of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (currentBatch != null) {
      Checks.atLeast(spec, "--batch", currentBatch, 1);
    }
    PolicyLoader.Loaded loaded = PolicyLoader.load(file, Optional.ofNullable(currentBatch));
    InferenceCostPolicy policy = loaded.resource();
    CostPolicy core = loaded.core();
    GpuPrice price = ScalingCycle.resolvePrice(core, new BuiltInPrices()).orElseThrow(() -> new CliInputException(
        file + ": spec.capacity.pricing: no price for GPU type " + core.capacity().gpuType()
            + "; set capacity.pricing.onDemandUsdPerGpuHour"));
    Optimization o = FrontierOptimizer.optimize(core, load, ScalingCycle.costModel(core, price));
    if (output == OutputFormat.json) {
      out.println(json(policy, core, o));
    } else {
      table(out, policy, core, o);
    }
    out.flush();
    return 0;
  }

  private void table(PrintWriter out, InferenceCostPolicy policy, CostPolicy core, Optimization o) {
    String pct = Percentiles.label(core.objective().percentile());
    out.printf("Policy %s: %s on %dx%s, objectives %s TTFT <= %s, ITL <= %s%n", policy.getMetadata().getName(),
        core.capacity().profile().name(), core.capacity().gpusPerReplica(), core.capacity().gpuType(), pct,
        Durations.format(core.objective().ttft()), Durations.format(core.objective().itl()));
    out.printf("Load: %s, %.0f prompt and %.0f output tokens per request (%s output)%n%n", load.rate(),
        load.input().mean(), load.output().mean(), load.outputTokenRate());
    out.printf("  %9s %5s %6s %10s %11s %10s %10s %4s %6s%n", "ON-DEMAND", "SPOT", "BATCH", "USD/H", "USD/1M TOK",
        pct + " TTFT", pct + " ITL", "SLO", "BUDGET");
    for (FrontierPoint p : o.frontier()) {
      boolean chosen = p.plan().equals(o.chosen().plan());
      out.printf("%s %9d %5d %6d %10.2f %11s %10s %10s %4s %6s%n", chosen ? "*" : " ", p.plan().onDemandReplicas(),
          p.plan().spotReplicas(), p.plan().batchCap(), p.expectedCost().value(), cpt(p),
          p.ttft().map(Durations::format).orElse("unbounded"), p.itl().map(Durations::format).orElse("unbounded"),
          p.meetsSlo() ? "yes" : "no", p.withinBudget() ? "yes" : "no");
    }
    out.printf("%nChosen: %s%nReason: %s: %s%n", o.chosen().plan(), o.reason(),
        o.chosen().meetsSlo() && o.chosen().withinBudget() ? "meets every objective and the budget at the lowest cost"
            : "no plan meets both objectives and budget; priority " + core.priority() + " decides");
  }

  private String json(InferenceCostPolicy policy, CostPolicy core, Optimization o) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("policy", policy.getMetadata().getName());
    doc.put("load", Map.of("requestsPerSecond", load.rate().value(), "meanInputTokens", load.input().mean(),
        "meanOutputTokens", load.output().mean()));
    doc.put("chosen", point(o.chosen()));
    doc.put("reason", o.reason().name());
    List<Map<String, Object>> frontier = new ArrayList<>();
    o.frontier().forEach(p -> frontier.add(point(p)));
    doc.put("frontier", frontier);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
  }

  private static Map<String, Object> point(FrontierPoint p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("onDemandReplicas", p.plan().onDemandReplicas());
    m.put("spotReplicas", p.plan().spotReplicas());
    m.put("batchCap", p.plan().batchCap());
    m.put("usdPerHour", p.expectedCost().value());
    m.put("billedUsdPerHour", p.billed().value());
    m.put("usdPerMillionTokens", Double.isFinite(p.costPerMillionTokens().value()) ? p.costPerMillionTokens().value() : null);
    m.put("ttftSeconds", p.ttft().map(d -> d.toNanos() / 1e9).orElse(null));
    m.put("itlSeconds", p.itl().map(d -> d.toNanos() / 1e9).orElse(null));
    m.put("meetsSlo", p.meetsSlo());
    m.put("withinBudget", p.withinBudget());
    return m;
  }

  private static String cpt(FrontierPoint p) {
    double v = p.costPerMillionTokens().value();
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }

  /** rps=12,input=1000,output=200 with optional input_p99 and output_p99. */
  static final class LoadConverter implements ITypeConverter<Load> {
    @Override
    public Load convert(String value) {
      Map<String, Double> kv = new LinkedHashMap<>();
      for (String part : value.split(",")) {
        String[] pair = part.split("=", 2);
        if (pair.length != 2) {
          throw new TypeConversionException("'" + part + "' is not key=value; write e.g. rps=12,input=1000,output=200");
        }
        try {
          kv.put(pair[0].trim(), Double.parseDouble(pair[1].trim()));
        } catch (NumberFormatException e) {
          throw new TypeConversionException("'" + pair[1] + "' for " + pair[0] + " is not a number");
        }
      }
      for (String key : List.of("rps", "input", "output")) {
        if (!kv.containsKey(key)) {
          throw new TypeConversionException("--load needs " + key + "=...; write e.g. rps=12,input=1000,output=200");
        }
      }
      for (String key : kv.keySet()) {
        if (!List.of("rps", "input", "output", "input_p99", "output_p99").contains(key)) {
          throw new TypeConversionException("unknown --load key '" + key + "'; use rps, input, output, input_p99, output_p99");
        }
      }
      for (var e : kv.entrySet()) {
        if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
          throw new TypeConversionException(e.getKey() + "=" + e.getValue() + " must be a positive number");
        }
      }
      return new Load(RequestsPerSecond.of(kv.get("rps")),
          new TokenLengths(kv.get("input"), kv.getOrDefault("input_p99", kv.get("input"))),
          new TokenLengths(kv.get("output"), kv.getOrDefault("output_p99", kv.get("output"))));
    }
  }
}
