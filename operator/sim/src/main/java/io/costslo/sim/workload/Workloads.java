package io.costslo.sim.workload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Built-in workloads and the time/rate transforms applied to traces. */
public final class Workloads {
  private Workloads() {}

  /** Default mean rate of the built-in daily workload (its diurnal peak is 1.46x this). */
  public static final double DEFAULT_MEAN_RPS = 20.0;

  /**
   * The built-in daily workload: Poisson arrivals from the ServeGen-shaped diurnal curve
   * ({@link RateCurve#diurnal}) at {@code meanRps}, with Azure 2023 conversation token lengths
   * ({@link TokenLengthSampler#azureConversation()}). Needs no file.
   */
  public static Workload synthetic(double meanRps, double hours, long seed) {
    return fromRateCurve("synthetic diurnal (ServeGen m-small shape, Azure conv lengths), mean "
        + fmt(meanRps) + " rps", RateCurve.diurnal(meanRps, hours), seed);
  }

  /** Names of the generated workloads {@link #named} knows. */
  public static final java.util.List<String> NAMES = java.util.List.of("code", "conversation");

  /**
   * A generated workload by name: {@code code} ({@link CodeWorkload}, bursty and prefill-heavy) or
   * {@code conversation} ({@link ConversationWorkload}, long-context multi-turn), any case.
   */
  public static Workload named(String name, double hours, long seed) {
    // NAMES lists these cases; ConversationWorkloadTest checks that each resolves.
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "code" -> CodeWorkload.generate(hours, seed);
      case "conversation" -> ConversationWorkload.generate(hours, seed);
      default -> throw new IllegalArgumentException(
          "unknown workload '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }

  /**
   * The 14-day ServeGen curve for one deployment. The ServeGen aggregates are fleet-wide rates of a
   * whole model service (m-large: mean 195.8 rps, peak 583 rps), far beyond one deployment, so the
   * curve is scaled so its mean equals {@code meanRps}; its shape (diurnal, weekly and bursty 10 min
   * windows) is kept. Arrivals are Poisson within each 600 s window; lengths as the synthetic workload.
   */
  public static Workload serveGen(Path file, double meanRps, double hours, long seed) {
    RateCurve curve = RateCurve.readServeGen(file).scaledToMean(meanRps);
    if (hours > 0 && hours < curve.hours()) {
      int windows = (int) Math.ceil(hours * 3600 / curve.windowSeconds());
      curve = new RateCurve(curve.windowSeconds(), Arrays.copyOf(curve.rates(), windows));
    }
    return fromRateCurve(file.getFileName() + " scaled to mean " + fmt(meanRps) + " rps", curve, seed);
  }

  /** Poisson arrivals, window by window, at each window's rate; token lengths from the Azure table. */
  public static Workload fromRateCurve(String name, RateCurve curve, long seed) {
    double[] rates = curve.rates();
    long expected = (long) (curve.mean() * curve.hours() * 3600 * 1.05);
    return poissonWindows(name, rates.length, curve.windowSeconds(), curve.hours() * 3600, (w, rnd) -> rates[w],
        TokenLengthSampler.azureConversation(), new SplittableRandom(seed), expected);
  }

  /** A window's request rate (per second); it may draw from the generator, so it is called in window order. */
  @FunctionalInterface
  interface WindowRate {
    double perSecond(int window, SplittableRandom rnd);
  }

  /** Where a request's prompt and output token counts come from. */
  interface Lengths {
    int input(SplittableRandom rnd);

    int output(SplittableRandom rnd);
  }

  /**
   * Poisson arrivals within each of {@code windows} windows at that window's rate, cut at the horizon,
   * each request's lengths drawn right after its arrival time (one generator, so a seed fixes it all).
   * {@code expectedRequests} only sizes the arrays up front (they grow past it).
   */
  static Workload poissonWindows(String name, int windows, double windowSeconds, double horizonSeconds,
      WindowRate rates, Lengths lengths, SplittableRandom rnd, long expectedRequests) {
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, expectedRequests) + 1024);
    double[] t = new double[capacity];
    int[] in = new int[capacity];
    int[] out = new int[capacity];
    int n = 0;
    for (int w = 0; w < windows; w++) {
      double rate = rates.perSecond(w, rnd);
      double start = w * windowSeconds;
      double end = Math.min(horizonSeconds, start + windowSeconds);
      if (!(rate > 0)) {
        continue;
      }
      double time = start - Math.log(1 - rnd.nextDouble()) / rate;
      while (time < end) {
        if (n == t.length) {
          t = Arrays.copyOf(t, n * 2);
          in = Arrays.copyOf(in, n * 2);
          out = Arrays.copyOf(out, n * 2);
        }
        t[n] = time;
        in[n] = lengths.input(rnd);
        out[n] = lengths.output(rnd);
        n++;
        time -= Math.log(1 - rnd.nextDouble()) / rate;
      }
    }
    Duration horizon = Duration.ofMillis(Math.round(horizonSeconds * 1000));
    return new Workload(name, Arrays.copyOf(t, n), Arrays.copyOf(in, n), Arrays.copyOf(out, n), horizon);
  }

  /** Stretches time by {@code factor} (2 = half the rate over twice the duration). */
  public static Workload timeScaled(Workload w, double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("time scale must be > 0, got " + factor);
    }
    double[] t = new double[w.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = w.arrivalSeconds()[i] * factor;
    }
    return new Workload(w.name() + " x" + fmt(factor) + " time", t, w.inputTokens(), w.outputTokens(),
        Duration.ofMillis(Math.round(w.horizonSeconds() * factor * 1000)));
  }

  /**
   * Multiplies the request rate by {@code factor} over the same duration by superposing copies of
   * the trace, each shifted circularly in time by a random offset (a fractional factor adds a thinned
   * copy). Every copy keeps the trace's own burstiness; copies are independent of each other, as
   * separate tenants would be. A factor below 1 thins the trace.
   */
  public static Workload rateScaled(Workload w, double factor, long seed) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("rate scale must be > 0, got " + factor);
    }
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eedL);
    double h = w.horizonSeconds();
    int copies = (int) Math.ceil(factor);
    int cap = w.size() * copies + 1;
    double[] t = new double[cap];
    int[] in = new int[cap];
    int[] out = new int[cap];
    int n = 0;
    for (int c = 0; c < copies; c++) {
      double keep = Math.min(1.0, factor - c); // the last copy is thinned to the fractional part
      double shift = c == 0 ? 0 : rnd.nextDouble() * h;
      for (int i = 0; i < w.size(); i++) {
        if (keep < 1.0 && rnd.nextDouble() >= keep) {
          continue;
        }
        double time = w.arrivalSeconds()[i] + shift;
        t[n] = time >= h ? time - h : time;
        in[n] = w.inputTokens()[i];
        out[n] = w.outputTokens()[i];
        n++;
      }
    }
    Workload sorted = Workload.normalised(w.name(), Arrays.copyOf(t, n), Arrays.copyOf(in, n), Arrays.copyOf(out, n), h);
    // normalised() shifts time to the first arrival; put the original clock back.
    double first = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      first = Math.min(first, t[i]);
    }
    double[] ts = sorted.arrivalSeconds();
    for (int i = 0; i < ts.length; i++) {
      ts[i] += n == 0 ? 0 : first;
    }
    return new Workload(w.name() + " x" + fmt(factor) + " rate", ts, sorted.inputTokens(), sorted.outputTokens(),
        w.horizon());
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
  }
}
