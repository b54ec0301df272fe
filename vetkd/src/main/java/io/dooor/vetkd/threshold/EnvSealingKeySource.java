package io.dooor.vetkd.threshold;

import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.util.Map;

/** A sealing key from an environment variable (64 hex digits or base64). Development only. */
public final class EnvSealingKeySource implements SealingKeySource {
  private final String variable;
  private final Map<String, String> env;

  /** Reads {@code variable} from {@code env} (pass {@code System.getenv()} in production code). */
  public EnvSealingKeySource(String variable, Map<String, String> env) {
    this.variable = variable;
    this.env = Map.copyOf(env);
  }

  @Override
  public SecretBytes sealingKey() throws VetKdException {
    String v = env.get(variable);
    if (v == null) {
      throw new VetKdException(
          Reason.SEALING_KEY_UNAVAILABLE, "environment variable " + variable + " is not set");
    }
    return SealingKeys.parse(v, "environment variable " + variable);
  }

  @Override
  public String describe() {
    return "env:" + variable;
  }
}
