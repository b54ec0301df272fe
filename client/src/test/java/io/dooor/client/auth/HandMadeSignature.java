package io.dooor.client.auth;

import io.dooor.client.auth.internal.ContentDigest;
import io.dooor.client.auth.internal.SfMember;
import io.dooor.client.auth.internal.SignatureBase;
import io.dooor.client.auth.internal.StructuredFieldSerializer;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds signatures with any covered components and parameters, to reach the verifier's checks that
 * {@link RequestSigner} never trips. Values are given by hand, so the base is independent of the
 * verifier's component resolution.
 */
final class HandMadeSignature {
  private final Identity identity;
  private final List<String> components = new ArrayList<>();
  private final List<String> values = new ArrayList<>();
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, String> extraHeaders = new LinkedHashMap<>();

  HandMadeSignature(Identity identity) {
    this.identity = identity;
  }

  /** The profile's components for a request, with created / nonce / keyid / alg set. */
  static HandMadeSignature standard(
      Identity id, String method, String path, String query, Bytes body, long created) {
    return new HandMadeSignature(id)
        .cover("@method", method)
        .cover("@path", path)
        .cover("@query", "?" + query)
        .cover("content-digest", ContentDigest.header(body.toArray()))
        .param("created", created)
        .param("nonce", "n-" + System.nanoTime())
        .param("keyid", id.principal().toText())
        .param("alg", id.keyType().alg());
  }

  HandMadeSignature cover(String component, String value) {
    components.add(component);
    values.add(value);
    return this;
  }

  HandMadeSignature param(String name, Object value) {
    params.put(name, value);
    return this;
  }

  HandMadeSignature withoutParam(String name) {
    params.remove(name);
    return this;
  }

  HandMadeSignature header(String name, String value) {
    extraHeaders.put(name, value);
    return this;
  }

  /** Headers: Content-Digest of {@code body}, Signature-Input, Signature, Dooor-Public-Key. */
  Map<String, String> headers(Bytes body) {
    List<SfMember.Item> items = new ArrayList<>();
    components.forEach(c -> items.add(SfMember.Item.of(c)));
    SfMember.InnerList input = new SfMember.InnerList(items, params);
    String serialized = StructuredFieldSerializer.innerList(input);
    String base = SignatureBase.build(components, values, serialized);
    Bytes sig = identity.sign(Bytes.of(base.getBytes(StandardCharsets.US_ASCII)));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Digest", ContentDigest.header(body.toArray()));
    h.put("Signature-Input", "dooor=" + serialized);
    h.put("Signature", "dooor=:" + sig.base64() + ":");
    h.put("Dooor-Public-Key", identity.publicKeySpki().base64());
    h.putAll(extraHeaders);
    return h;
  }
}
