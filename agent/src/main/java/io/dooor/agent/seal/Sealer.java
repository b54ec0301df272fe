package io.dooor.agent.seal;

import io.dooor.common.Bytes;
import java.io.IOException;

/** Seals secrets to this TEE: what one sealer seals, only the same TEE and measurement opens. */
public interface Sealer {
  /** The provider's name: {@code sim}, {@code snp}, {@code vetkd}. */
  String name();

  Bytes seal(Bytes secret) throws IOException, SealingException;

  /** Fails with SealingException (never returns wrong bytes) under a different measurement/key. */
  Bytes unseal(Bytes sealed) throws IOException, SealingException;
}
