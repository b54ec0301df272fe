package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Key derivations (DESIGN §5): authorise, derive through the {@link KeyService}, and record every
 * request, allowed or refused, with the caller, the context and the SHA-256 of the input. Never
 * records key material (the transport key is public but is not recorded either).
 */
final class KeyDerivation {
  static final String ACTION = "key.derive";

  /** Longest accepted context, in UTF-8 bytes. */
  static final int MAX_CONTEXT = 255;

  /** Longest accepted input, in bytes. */
  static final int MAX_INPUT = 4096;

  /** A compressed G1 transport public key. */
  static final int TRANSPORT_KEY_BYTES = 48;

  private final Recorder recorder;
  private final KeyService keys;

  KeyDerivation(Recorder recorder, KeyService keys) {
    this.recorder = recorder;
    this.keys = keys;
  }

  /** The facts recorded about a derivation request: context and input digest, no secrets. */
  static Map<String, String> facts(String context, Bytes input) {
    Map<String, String> facts = new HashMap<>();
    facts.put("context", context);
    facts.put("input_sha256", Digests.sha256Hex(input));
    return facts;
  }

  /** vetkd_derive_key for ({@code context}, {@code input}) under {@link DerivationRules}. */
  DerivedKey derive(Caller caller, String context, Bytes input, Bytes transportPublicKey)
      throws ControlPlaneException {
    String subject = "vetkd:" + context;
    Map<String, String> facts = facts(context, input);
    String rule;
    try {
      requireWellFormed(context, input, transportPublicKey);
      rule = DerivationRules.authorize(recorder.view(), caller, context, input);
    } catch (ControlPlaneException e) {
      throw refused(caller, subject, e, facts);
    }
    facts.put("rule", rule);
    return keyFor(caller, subject, facts, context, input, rule, transportPublicKey);
  }

  /** derive_node_key: input = the node id; only the ACTIVE node itself, contexts under dooor/. */
  DerivedKey deriveForNode(Caller caller, NodeId id, String context, Bytes transportPublicKey)
      throws ControlPlaneException {
    String subject = "node:" + id;
    Bytes input = Bytes.of(id.value().getBytes(StandardCharsets.UTF_8));
    Map<String, String> facts = facts(context, input);
    try {
      View view = recorder.view();
      Node node = view.existing(id);
      view.requireSelf(caller, node);
      if (node.state() != NodeState.ACTIVE) {
        throw new ControlPlaneException(
            Reason.FORBIDDEN, "node " + id + " is " + node.state() + ", not ACTIVE");
      }
      if (!context.startsWith(DerivationRules.RESERVED_PREFIX)) {
        throw new ControlPlaneException(
            Reason.INVALID_ARGUMENT, "context must start with 'dooor/'");
      }
      requireWellFormed(context, input, transportPublicKey);
    } catch (ControlPlaneException e) {
      throw refused(caller, subject, e, facts);
    }
    return keyFor(caller, subject, facts, context, input, "node-self", transportPublicKey);
  }

  private DerivedKey keyFor(
      Caller caller,
      String subject,
      Map<String, String> facts,
      String context,
      Bytes input,
      String rule,
      Bytes transportPublicKey)
      throws ControlPlaneException {
    Bytes ctx = Bytes.of(context.getBytes(StandardCharsets.UTF_8));
    DerivedKey key;
    try {
      Bytes encrypted = keys.deriveEncryptedKey(ctx, input, transportPublicKey);
      key = new DerivedKey(context, input, rule, encrypted, keys.derivedPublicKey(ctx));
    } catch (KeyServiceException e) {
      Reason r =
          e.reason() == KeyServiceException.Reason.INVALID_INPUT
              ? Reason.INVALID_ARGUMENT
              : Reason.KEY_SERVICE_UNAVAILABLE;
      throw refused(caller, subject, new ControlPlaneException(r, e.getMessage()), facts);
    }
    recorder.run(caller, ACTION, subject, tx -> tx.ok(facts));
    return key;
  }

  private ControlPlaneException refused(
      Caller caller, String subject, ControlPlaneException e, Map<String, String> facts) {
    Map<String, String> details = new HashMap<>(facts);
    if (!e.failedChecks().isEmpty()) {
      details.put("failed_checks", String.join(",", e.failedChecks()));
    }
    return recorder.refused(caller, ACTION, subject, e, details);
  }

  private static void requireWellFormed(String context, Bytes input, Bytes transportPublicKey)
      throws ControlPlaneException {
    int contextBytes = context.getBytes(StandardCharsets.UTF_8).length;
    if (contextBytes == 0 || contextBytes > MAX_CONTEXT) {
      throw invalid("context must be 1-" + MAX_CONTEXT + " UTF-8 bytes, got " + contextBytes);
    }
    if (input.length() > MAX_INPUT) {
      throw invalid("input must be at most " + MAX_INPUT + " bytes, got " + input.length());
    }
    if (transportPublicKey.length() != TRANSPORT_KEY_BYTES) {
      throw invalid(
          "transport_public_key must be "
              + TRANSPORT_KEY_BYTES
              + " bytes (compressed G1), got "
              + transportPublicKey.length());
    }
  }

  private static ControlPlaneException invalid(String message) {
    return new ControlPlaneException(Reason.INVALID_ARGUMENT, message);
  }
}
