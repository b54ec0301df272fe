package io.dooor.provision;

import io.dooor.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Specs and catalogs for the tests. */
final class Specs {
  static final String MEASUREMENT = "d0".repeat(48);

  private Specs() {}

  static ProviderCatalog catalog() {
    return ProviderCatalog.of(
        new SimulatedProvider("local", Set.of("local"), Set.of(TeeType.SIM)),
        new SimulatedProvider(
            "aws", Set.of("us-east-1", "eu-west-1"), Set.of(TeeType.SNP, TeeType.NITRO)));
  }

  static String json(String name, int count) {
    return "{\"spec_version\":1,\"name\":\""
        + name
        + "\",\"tee_type\":\"sim\",\"image\":{\"ref\":\"ghcr.io/dooor/app:1\",\"digest\":\"sha256:"
        + "ab".repeat(32)
        + "\"},\"measurements\":{\"MEASUREMENT\":\""
        + MEASUREMENT
        + "\"},\"count\":"
        + count
        + ",\"placement\":[{\"provider\":\"local\",\"region\":\"local\"}],"
        + "\"shape\":{\"vcpus\":2,\"memory_mib\":2048}}";
  }

  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
