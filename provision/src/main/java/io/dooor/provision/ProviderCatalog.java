package io.dooor.provision;

import io.dooor.core.TeeType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The providers a deployment can place machines with, their regions and the TEE types they offer. A
 * spec naming any other provider, region or TEE type is refused, naming the field.
 */
public final class ProviderCatalog {
  private final SortedMap<String, Provider> providers;

  private ProviderCatalog(Map<String, Provider> providers) {
    this.providers = new TreeMap<>(providers);
  }

  public static ProviderCatalog of(Provider... providers) {
    Map<String, Provider> byName = new TreeMap<>();
    for (Provider p : providers) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException("provider " + p.name() + " given twice");
      }
    }
    return new ProviderCatalog(byName);
  }

  public Optional<Provider> provider(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  public Set<String> names() {
    return providers.keySet();
  }

  /** Whether {@code provider} offers {@code type} in {@code region}. */
  boolean offers(String provider, String region, TeeType type) {
    Provider p = providers.get(provider);
    return p != null && p.regions().contains(region) && p.teeTypes().contains(type);
  }
}
