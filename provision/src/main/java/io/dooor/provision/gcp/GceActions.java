package io.dooor.provision.gcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Compute Engine permissions {@link GceProvider} needs, and the IAM custom role that grants
 * exactly those (issue 14, least privilege made checkable): {@code GceScopeTest} runs the adapter
 * through Google's Java client against a recording endpoint, derives the permissions from the
 * requests it saw (per Compute Engine's documented rules: creating an instance with a boot disk
 * from an image also needs {@code compute.disks.create} and {@code compute.images.useReadOnly},
 * with metadata {@code compute.instances.setMetadata}, with labels {@code
 * compute.instances.setLabels}, in a subnetwork {@code compute.subnetworks.use}) and fails if they
 * differ from this list either way. The instances get no external IP (so no {@code useExternalIp})
 * and no service account (so no {@code setServiceAccount}); the agent reaches the control plane
 * through Cloud NAT.
 */
public final class GceActions {
  /** Every permission the adapter's calls need. */
  public static final Set<String> PERMISSIONS =
      Set.of(
          "compute.instances.create",
          "compute.instances.setMetadata",
          "compute.instances.setLabels",
          "compute.disks.create",
          "compute.images.useReadOnly",
          "compute.subnetworks.use",
          "compute.instances.delete");

  private GceActions() {}

  /**
   * The custom role, as {@code gcloud iam roles create dooorProvisioner --project P --file F} takes
   * it (JSON is YAML).
   */
  public static Map<String, Object> customRole() {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("title", "Dooor TEE provisioner");
    role.put(
        "description",
        "Create and delete the Confidential VM instances of Dooor workloads, nothing else");
    role.put("stage", "GA");
    role.put("includedPermissions", List.copyOf(new TreeSet<>(PERMISSIONS)));
    return role;
  }

  /** The permissions a role document grants, read back from it. */
  @SuppressWarnings("unchecked")
  public static Set<String> granted(Map<String, Object> role) {
    return new TreeSet<>((List<String>) role.get("includedPermissions"));
  }
}
