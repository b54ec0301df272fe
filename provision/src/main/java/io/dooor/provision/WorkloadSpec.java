package io.dooor.provision;

import io.dooor.core.TeeType;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A parsed, checked workload spec (issue 14), version {@value #SPEC_VERSION} of the format. Only
 * {@link WorkloadSpecParser} builds one from untrusted bytes; every field is within its bounds.
 *
 * @param name the workload, the same name as its admission policy
 * @param teeType the TEE its machines run
 * @param image what the machines boot
 * @param measurements expected measurements (name to lower-case hex), each among the accepted
 *     reference values of the workload's policy
 * @param count how many ACTIVE nodes are wanted (0 to {@value #MAX_COUNT})
 * @param placement where they may run, in order of preference, weighted
 * @param shape the instance shape
 * @param drainSeconds how long a node chosen for removal drains before it is deactivated
 * @param replaceUnreachableSeconds how long a node may stay UNREACHABLE before it is replaced
 * @param activateWithinSeconds how long a machine may take, from its decision, to become ACTIVE
 *     (attested) before it is terminated and replaced
 */
public record WorkloadSpec(
    String name,
    TeeType teeType,
    Image image,
    SortedMap<String, String> measurements,
    int count,
    List<Placement> placement,
    Shape shape,
    int drainSeconds,
    int replaceUnreachableSeconds,
    int activateWithinSeconds) {
  public static final int SPEC_VERSION = 1;
  public static final int MAX_COUNT = 1000;

  public WorkloadSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(teeType, "teeType");
    Objects.requireNonNull(image, "image");
    measurements =
        java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(measurements));
    placement = List.copyOf(placement);
    Objects.requireNonNull(shape, "shape");
    if (count < 0 || count > MAX_COUNT || placement.isEmpty()) {
      throw new IllegalArgumentException("count out of range or no placement");
    }
  }

  /** The same spec wanting {@code n} nodes. */
  public WorkloadSpec withCount(int n) {
    return new WorkloadSpec(
        name,
        teeType,
        image,
        measurements,
        n,
        placement,
        shape,
        drainSeconds,
        replaceUnreachableSeconds,
        activateWithinSeconds);
  }

  /** The image: a reference and the digest it must resolve to. */
  public record Image(String ref, String digest) {}

  /** One place machines may run: a provider, one of its regions, and a relative weight. */
  public record Placement(String provider, String region, int weight) {}

  /**
   * The instance shape: a provider instance type, or vCPUs and memory for providers without types.
   */
  public record Shape(String instanceType, int vcpus, int memoryMib) {}
}
