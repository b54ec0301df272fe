package io.dooor.provision;

import java.util.List;
import java.util.Map;

/**
 * The workload spec as JSON (snake_case; unknown fields refused by the codec). Only {@link
 * WorkloadSpecParser} reads it; {@link WorkloadSpecParser#canonical} writes it.
 */
record SpecBody(
    Integer specVersion,
    String name,
    String teeType,
    ImageBody image,
    Map<String, String> measurements,
    Integer count,
    List<PlacementBody> placement,
    ShapeBody shape,
    Integer drainSeconds,
    Integer replaceUnreachableSeconds,
    Integer activateWithinSeconds) {

  record ImageBody(String ref, String digest) {}

  record PlacementBody(String provider, String region, Integer weight) {}

  record ShapeBody(String instanceType, Integer vcpus, Integer memoryMib) {}
}
