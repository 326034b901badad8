package io.costslo.sim;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.report.Report;
import io.costslo.sim.workload.Workloads;

class SmokeMain {
  public static void main(String[] args) {
    double hours = Double.parseDouble(args[0]);
    long t0 = System.nanoTime();
    var w = Workloads.synthetic(Workloads.DEFAULT_MEAN_RPS, hours, 42);
    var o = Comparison.run(new Comparison.Setup(w, SimPolicies.llama8bH100(), new BuiltInPrices(), SimConfig.defaults(),
        42, Comparison.ALL, 2));
    System.out.print(Report.table(o));
    System.out.println("requests " + w.size() + " wall " + (System.nanoTime() - t0) / 1e9 + " s");
    for (String name : new String[] {"costslo", "oracle"}) {
      var se = o.result(name).series();
      for (int i = 0; i < se.timeSeconds().length; i++) {
        if (!(se.ttftP99()[i] < 2) || i % 10 == 0) {
          System.out.printf("%s t=%.0f od=%d spot=%d notready=%d cap=%d ttft99=%.2f%n", name, se.timeSeconds()[i],
              se.onDemandReady()[i], se.spotReady()[i], se.notReady()[i], se.batchCap()[i], se.ttftP99()[i]);
        }
      }
    }
  }
}
