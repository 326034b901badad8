package io.costslo.core.cost;

import java.util.Locale;

/** Normalises GPU type names so "h100-80gb", "H100-SXM" and "H100" find the same price. */
public final class GpuTypes {
  private GpuTypes() {}

  public static String canonical(String gpuType) {
    if (gpuType == null || gpuType.isBlank()) {
      throw new IllegalArgumentException("gpuType must not be blank");
    }
    String t = gpuType.trim().toUpperCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    if (t.startsWith("NVIDIA-")) {
      t = t.substring("NVIDIA-".length());
    }
    switch (t) {
      case "H100-80GB": case "H100-SXM": case "H100-SXM-80GB": case "H100-80GB-HBM3":
        return "H100";
      case "A100-SXM-80GB": case "A100-80GB-SXM": case "A100-SXM4-80GB":
        return "A100-80GB";
      case "A100": case "A100-40GB-SXM": case "A100-SXM4-40GB":
        return "A100-40GB";
      default:
        return t;
    }
  }

  /** The name users write and the README lists for a canonical type (H100 is sold as H100-80GB). */
  public static String documented(String canonical) {
    return "H100".equals(canonical) ? "H100-80GB" : canonical;
  }
}
