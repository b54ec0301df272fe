package io.dooor.provision;

import io.dooor.core.TeeType;
import java.util.Set;

/**
 * One place machines come from (issue 14): the small interface every provider implements (local
 * processes, AWS, GCP, Azure, Akash). Every call is idempotent: {@link #create} with a client token
 * already used answers the machine it created then, never a second one; {@link #terminate} of a
 * machine already gone succeeds. Every answer carries the provider's request id, for the record.
 */
public interface Provider {
  /** The provider's name in specs ({@code local}, {@code aws}, ...). */
  String name();

  Set<String> regions();

  Set<TeeType> teeTypes();

  /** Creates (or finds, by client token) the machine; its bootstrap carries the join token. */
  Answer create(MachineRequest request) throws ProviderException;

  /** Terminates the machine {@code providerRef} (done already: success). */
  Answer terminate(String region, String providerRef) throws ProviderException;

  /**
   * What a provider call answered.
   *
   * @param providerRef the provider's id of the machine
   * @param requestId the provider's id of the request, recorded in the audit event
   */
  record Answer(String providerRef, String requestId) {}
}
