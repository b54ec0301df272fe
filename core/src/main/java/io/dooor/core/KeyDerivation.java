package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.KeyDerivationReport;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Key derivations (DESIGN §5): authorise by {@link DerivationRules}, derive through the {@link
 * KeyService} with a transport key it already decoded, and record every request, allowed or
 * refused, with the caller, the context, the SHA-256 of the input and, when derived, the key-share
 * holders combined and excluded. Never records key material (nor the public transport key).
 */
final class KeyDerivation {
  static final String ACTION = "key.derive";

  /** Longest accepted context, in UTF-8 bytes. */
  static final int MAX_CONTEXT = 255;

  /** Longest accepted input, in bytes. */
  static final int MAX_INPUT = 4096;

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
  DerivedKey derive(Caller caller, String context, Bytes input, TransportKey transportKey)
      throws ControlPlaneException {
    Request req = new Request(caller, ACTION, "vetkd:" + context, context, input);
    String rule;
    try {
      requireWellFormed(context, input);
      rule = DerivationRules.authorize(recorder.view(), caller, context, input, recorder.now());
    } catch (ControlPlaneException e) {
      throw refused(req, e);
    }
    return keyFor(req, rule, transportKey);
  }

  /** derive_node_key: input = the node id; only the ACTIVE node itself, contexts under dooor/. */
  DerivedKey deriveForNode(Caller caller, NodeId id, String context, TransportKey transportKey)
      throws ControlPlaneException {
    Bytes input = Bytes.of(id.value().getBytes(StandardCharsets.UTF_8));
    Request req = new Request(caller, ACTION, "node:" + id, context, input);
    String rule;
    try {
      rule = DerivationRules.authorizeNodeKey(recorder.view(), caller, id, recorder.now());
      if (!context.startsWith(DerivationRules.RESERVED_PREFIX)) {
        throw invalid("context must start with '" + DerivationRules.RESERVED_PREFIX + "'");
      }
      DerivationRules.requireNotSealing(context);
      requireWellFormed(context, input);
    } catch (ControlPlaneException e) {
      throw refused(req, e);
    }
    return keyFor(req, rule, transportKey);
  }

  /**
   * A sealing key (issue 12): ({@value SealingKeys#CONTEXT}, {@code input}) for evidence that
   * {@link SealingKeys} verified, recorded as {@value SealingKeys#ACTION} with {@code facts}.
   */
  DerivedKey deriveSealing(
      Caller caller,
      String subject,
      Bytes input,
      Map<String, String> facts,
      TransportKey transportKey)
      throws ControlPlaneException {
    Request req = new Request(caller, SealingKeys.ACTION, subject, SealingKeys.CONTEXT, input);
    req.facts().putAll(facts);
    return keyFor(req, DerivationRules.SEALING_KEY, transportKey);
  }

  /**
   * A blob's key (issue 13): ({@code context}, the blob id bytes) for a caller {@link BlobRules}
   * already allowed by {@code rule}, recorded as {@code action} with {@code facts}.
   */
  DerivedKey deriveAllowed(
      Caller caller,
      String action,
      String subject,
      String context,
      Bytes input,
      String rule,
      Map<String, String> facts,
      TransportKey transportKey)
      throws ControlPlaneException {
    Request req = new Request(caller, action, subject, context, input);
    req.facts().putAll(facts);
    return keyFor(req, rule, transportKey);
  }

  /** One derivation request and the facts recorded about it. */
  private record Request(
      Caller caller,
      String action,
      String subject,
      String context,
      Bytes input,
      Map<String, String> facts) {
    Request(Caller caller, String action, String subject, String context, Bytes input) {
      this(caller, action, subject, context, input, KeyDerivation.facts(context, input));
    }
  }

  private DerivedKey keyFor(Request req, String rule, TransportKey transportKey)
      throws ControlPlaneException {
    Bytes ctx = Bytes.of(req.context().getBytes(StandardCharsets.UTF_8));
    req.facts().put("rule", rule);
    KeyDerivationReport report;
    try {
      report = keys.derive(ctx, req.input(), transportKey);
    } catch (KeyServiceException e) {
      Reason r =
          e.reason() == KeyServiceException.Reason.INVALID_INPUT
              ? Reason.INVALID_ARGUMENT
              : Reason.KEY_SERVICE_UNAVAILABLE;
      throw refused(req, new ControlPlaneException(r, e.getMessage()));
    }
    req.facts().putAll(report.holderFacts());
    recorder.run(req.caller(), req.action(), req.subject(), tx -> tx.ok(req.facts()));
    return new DerivedKey(
        req.context(), req.input(), rule, report.encryptedKey(), report.derivedPublicKey());
  }

  private ControlPlaneException refused(Request req, ControlPlaneException e) {
    Map<String, String> details = new HashMap<>(req.facts());
    if (!e.failedChecks().isEmpty()) {
      details.put("failed_checks", String.join(",", e.failedChecks()));
    }
    return recorder.refused(req.caller(), req.action(), req.subject(), e, details);
  }

  private static void requireWellFormed(String context, Bytes input) throws ControlPlaneException {
    int contextBytes = context.getBytes(StandardCharsets.UTF_8).length;
    if (contextBytes == 0 || contextBytes > MAX_CONTEXT) {
      throw invalid("context must be 1-" + MAX_CONTEXT + " UTF-8 bytes, got " + contextBytes);
    }
    if (input.length() > MAX_INPUT) {
      throw invalid("input must be at most " + MAX_INPUT + " bytes, got " + input.length());
    }
  }

  private static ControlPlaneException invalid(String message) {
    return new ControlPlaneException(Reason.INVALID_ARGUMENT, message);
  }
}
