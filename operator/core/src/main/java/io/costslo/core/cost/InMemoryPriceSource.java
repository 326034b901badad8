package io.costslo.core.cost;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fixed price table; GPU type lookup ignores case. */
public final class InMemoryPriceSource implements PriceSource {
  private final Map<String, GpuPrice> prices = new ConcurrentHashMap<>();

  public InMemoryPriceSource(Map<String, GpuPrice> prices) {
    prices.forEach(this::put);
  }

  public void put(String gpuType, GpuPrice price) {
    prices.put(GpuTypes.canonical(gpuType), price);
  }

  @Override
  public Optional<GpuPrice> price(String gpuType) {
    return Optional.ofNullable(prices.get(GpuTypes.canonical(gpuType)));
  }
}
