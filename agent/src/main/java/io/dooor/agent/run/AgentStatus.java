package io.dooor.agent.run;

/**
 * What {@code dooor agent status} shows: written by the running agent after every step, to {@code
 * STATE/status.json}. Public information only (no key material).
 *
 * @param nodeId the node
 * @param principal the node identity's principal
 * @param state the lifecycle state the control plane last answered (or {@code UNKNOWN})
 * @param lastAttestation when the node last attested (ISO-8601), or null
 * @param nextAttestation when the agent attests again (ISO-8601), or null
 * @param updatedAt when the agent wrote this
 * @param pid the agent's process id
 * @param note the last problem, or empty
 */
public record AgentStatus(
    String nodeId,
    String principal,
    String state,
    String lastAttestation,
    String nextAttestation,
    String updatedAt,
    long pid,
    String note) {}
