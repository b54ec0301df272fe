package io.dooor.provision.azure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Azure Resource Manager operations {@link AzureVmProvider} needs, and the custom role
 * definition that allows exactly those (issue 14, least privilege made checkable): {@code
 * AzureScopeTest} runs the adapter against a recording endpoint, derives the operations from the
 * requests it saw (per ARM's rules: a PUT of a resource is its {@code write}, a DELETE its {@code
 * delete}; a NIC in a subnet also needs the subnet's {@code join/action}, a VM on a NIC the NIC's
 * {@code join/action}, a VM whose OS disk is created from a gallery image {@code disks/write} and
 * the image version's {@code read}; deleting a VM whose disk has {@code deleteOption: Delete}
 * deletes the disk, {@code disks/delete}) and fails if they differ from this list either way.
 */
public final class ArmActions {
  /** Every operation the adapter's calls need. */
  public static final Set<String> ACTIONS =
      Set.of(
          "Microsoft.Network/networkInterfaces/write",
          "Microsoft.Network/virtualNetworks/subnets/join/action",
          "Microsoft.Network/networkInterfaces/join/action",
          "Microsoft.Compute/virtualMachines/write",
          "Microsoft.Compute/disks/write",
          "Microsoft.Compute/galleries/images/versions/read",
          "Microsoft.Compute/virtualMachines/delete",
          "Microsoft.Compute/disks/delete",
          "Microsoft.Network/networkInterfaces/delete");

  /** Where the role may be assigned; replace both names (the runbook says how). */
  public static final String SCOPE = "/subscriptions/SUBSCRIPTION_ID/resourceGroups/RESOURCE_GROUP";

  private ArmActions() {}

  /** The role definition, as {@code az role definition create --role-definition F} takes it. */
  public static Map<String, Object> roleDefinition() {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("Name", "Dooor TEE provisioner");
    role.put("IsCustom", true);
    role.put(
        "Description",
        "Create and delete the confidential VMs (and their NICs and OS disks) of Dooor workloads");
    role.put("Actions", List.copyOf(new TreeSet<>(ACTIONS)));
    role.put("NotActions", List.of());
    role.put("DataActions", List.of());
    role.put("NotDataActions", List.of());
    role.put("AssignableScopes", List.of(SCOPE));
    return role;
  }

  /** The operations a role definition allows, read back from it. */
  @SuppressWarnings("unchecked")
  public static Set<String> allowed(Map<String, Object> role) {
    return new TreeSet<>((List<String>) role.get("Actions"));
  }
}
