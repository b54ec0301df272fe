/**
 * Records of provisioning (issue 14) that the store keeps: workload specs, machines, join tokens,
 * leases.
 */
package io.dooor.core.provision;
