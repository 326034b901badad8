package io.costslo.sim.engine;

import java.util.ArrayList;
import java.util.List;

/** The report's time series, one row per sample tick. */
final class SeriesRecorder {
  private final List<double[]> rows = new ArrayList<>();
  private double lastSample = Double.NaN;

  void sample(double now, Fleet fleet, Billing billing, MetricsRecorder m) {
    int od = 0;
    int sp = 0;
    int other = 0;
    double rate = 0;
    for (Replica r : fleet.alive) {
      if (r.state == Replica.READY) {
        if (r.type == CapacityType.SPOT) {
          sp++;
        } else {
          od++;
        }
      } else {
        other++;
      }
      if (r.state != Replica.PENDING) {
        rate += billing.rate(r);
      }
    }
    LatencyHistogram ttft = MetricsRecorder.POOL.take();
    LatencyHistogram itl = MetricsRecorder.POOL.take();
    if (!Double.isNaN(lastSample) && now > lastSample) {
      m.merge(now - lastSample, ttft, itl);
    }
    lastSample = now;
    rows.add(new double[] {now, od, sp, other, rate, billing.spentBy(fleet.alive, now), ttft.percentile(0.5),
        ttft.percentile(0.99), itl.percentile(0.99), fleet.desired.batchCap()});
    MetricsRecorder.POOL.give(ttft);
    MetricsRecorder.POOL.give(itl);
  }

  RunResult.Series build() {
    int k = rows.size();
    double[] t = new double[k];
    int[] od = new int[k];
    int[] sp = new int[k];
    int[] other = new int[k];
    double[] rate = new double[k];
    double[] cum = new double[k];
    double[] p50 = new double[k];
    double[] p99 = new double[k];
    double[] i99 = new double[k];
    int[] cap = new int[k];
    for (int i = 0; i < k; i++) {
      double[] r = rows.get(i);
      t[i] = r[0];
      od[i] = (int) r[1];
      sp[i] = (int) r[2];
      other[i] = (int) r[3];
      rate[i] = r[4];
      cum[i] = r[5];
      p50[i] = r[6];
      p99[i] = r[7];
      i99[i] = r[8];
      cap[i] = (int) r[9];
    }
    return new RunResult.Series(t, od, sp, other, rate, cum, p50, p99, i99, cap);
  }
}
