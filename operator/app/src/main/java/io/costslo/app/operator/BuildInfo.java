package io.costslo.app.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/** The build's version (from the Maven-filtered costslo-build.properties) and the JVM series on /metrics. */
public final class BuildInfo {
  public static final String VERSION = read();

  private BuildInfo() {}

  private static String read() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/costslo-build.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      String v = p.getProperty("version", "");
      return v.isBlank() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Memory, GC, threads, classes, CPU and uptime; the returned binders are closed with the operator. */
  static List<AutoCloseable> bindJvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return List.of(gc);
  }
}
