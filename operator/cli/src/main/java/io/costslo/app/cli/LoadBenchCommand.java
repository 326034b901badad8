package io.costslo.app.cli;

import io.costslo.app.operator.LoadBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-load", mixinStandardHelpOptions = true,
    description = "Many policies on one operator against the embedded API server: requests per reconcile, time to"
        + " all first statuses, reconciles/s, heap and threads. Writes a Markdown section.")
public class LoadBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--policies", split = ",", defaultValue = "1000,5000", description = "Default: ${DEFAULT-VALUE}.")
  List<Integer> policies;

  @Option(names = "--steady", defaultValue = "30s", description = "Steady-state window. Default: ${DEFAULT-VALUE}.")
  String steady;

  @Option(names = "--out", defaultValue = "docs/benchmarks-load.md", paramLabel = "FILE",
      description = "Default: ${DEFAULT-VALUE}.")
  Path out;

  @Override
  public Integer call() throws IOException {
    // As the operator's main does; this command is the first thing in its JVM to need the common pool.
    io.costslo.app.operator.CostSloOperator.sizeCommonPool();
    PrintWriter w = spec.commandLine().getOut();
    w.printf("common pool parallelism %d%n", java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    Duration window = io.costslo.core.units.Durations.parse(steady);
    List<LoadBenchmark.Result> results = new ArrayList<>();
    for (int n : policies) {
      results.add(LoadBenchmark.run(n, window, msg -> {
        w.println(msg);
        w.flush();
      }));
    }
    String md = LoadBenchmark.markdown(results, window);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, md);
    w.print(md);
    w.printf("wrote %s%n", out);
    w.flush();
    return 0;
  }
}
