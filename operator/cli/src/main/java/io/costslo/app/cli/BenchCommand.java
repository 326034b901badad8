package io.costslo.app.cli;

import io.costslo.sim.bench.Benchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Regenerates docs/benchmarks.md: controller comparisons on the Azure 2023 conversation trace and the"
        + " 14-day ServeGen curve, the simulator against published serving points, and decision times.")
public class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Shared data directory. Default: the costslo.shared.data"
      + " system property, else ../shared/data.")
  Path data;

  @Option(names = "--out", defaultValue = "docs/benchmarks.md", paramLabel = "FILE", description = "Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--servegen-days", defaultValue = "14", description = "Days of the ServeGen curve. Default: ${DEFAULT-VALUE}.")
  double serveGenDays;

  @Option(names = "--threads", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
  int threads;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    Checks.positive(spec, "--servegen-days", serveGenDays);
    Checks.atLeast(spec, "--threads", threads, 1);
    Path dir = data != null ? data : Path.of(System.getProperty("costslo.shared.data", "../shared/data"));
    long t0 = System.nanoTime();
    Benchmark.run(new Benchmark.Options(dir, out, seed, serveGenDays, threads), msg -> {
      w.printf("[%5.0fs] %s%n", (System.nanoTime() - t0) / 1e9, msg);
      w.flush();
    });
    // Operator-side sections (the simulator's benchmark cannot reach the app module's HTTP client).
    w.printf("[%5.0fs] pod-scrape load (1,000 and 5,000 policies)%n", (System.nanoTime() - t0) / 1e9);
    java.nio.file.Files.writeString(out, io.costslo.app.metrics.ScrapeLoadBenchmark.markdownSection(1_000, 5_000),
        java.nio.file.StandardOpenOption.APPEND);
    w.printf("wrote %s in %.0f s%n", out, (System.nanoTime() - t0) / 1e9);
    w.flush();
    return 0;
  }
}
