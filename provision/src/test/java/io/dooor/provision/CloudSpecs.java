package io.dooor.provision;

import io.dooor.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Specs for the cloud adapters' tests: one workload on one provider and region. */
public final class CloudSpecs {
  private CloudSpecs() {}

  /** A spec of workload {@code payments} parsed through the real parser. */
  public static WorkloadSpec spec(
      TeeType type, String provider, String region, String image, String shape) throws Exception {
    Provider stub =
        new Provider() {
          @Override
          public String name() {
            return provider;
          }

          @Override
          public Set<String> regions() {
            return Set.of(region);
          }

          @Override
          public Set<TeeType> teeTypes() {
            return Set.of(type);
          }

          @Override
          public Answer create(MachineRequest request) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Answer terminate(String r, String ref) {
            throw new UnsupportedOperationException();
          }
        };
    String json =
        "{\"spec_version\":1,\"name\":\"payments\",\"tee_type\":\""
            + type.wireName()
            + "\",\"image\":{\"ref\":\""
            + image
            + "\",\"digest\":\"sha256:"
            + "ab".repeat(32)
            + "\"},\"measurements\":{\"MEASUREMENT\":\""
            + "d0".repeat(48)
            + "\"},\"count\":1,\"placement\":[{\"provider\":\""
            + provider
            + "\",\"region\":\""
            + region
            + "\"}],\"shape\":"
            + shape
            + "}";
    return new WorkloadSpecParser(ProviderCatalog.of(stub))
        .parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
