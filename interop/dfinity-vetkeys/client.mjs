// Dooor interop driver over DFINITY's @dfinity/vetkeys (the npm package, version pinned in
// package.json). One JSON request per line on stdin, one JSON reply per line on stdout, in order:
//
//   {"id": 7, "op": "ibe-decrypt", "vetkey": "<hex>", "ciphertext": "<hex>"}
//   {"id": 7, "ok": true, "message": "<hex>"}          or {"id": 7, "ok": false, "error": "..."}
//
// Byte strings are lowercase or uppercase hex. Every cryptographic step is the library's own code;
// the one exception is named: "gcmv2-*" frames the "IC GCMv2" format (absent from 0.4.0) around
// keys derived by the library's HKDF and WebCrypto's AES-GCM. Transport secret keys stay in this
// process under a handle. Run `node client.mjs --help` for the operations.

import { createInterface } from "node:readline";
import { readFileSync } from "node:fs";
import {
  DerivedKeyMaterial,
  DerivedPublicKey,
  EncryptedVetKey,
  IbeCiphertext,
  IbeIdentity,
  IbeSeed,
  MasterPublicKey,
  TransportSecretKey,
  VetKey,
  VrfOutput,
  verifyBlsSignature,
} from "@dfinity/vetkeys";

// the package's exports do not include package.json; read the installed copy next to this file
const LIBRARY_VERSION = JSON.parse(
  readFileSync(new URL("./node_modules/@dfinity/vetkeys/package.json", import.meta.url), "utf8"),
).version;

const GCM_V2_HEADER = new TextEncoder().encode("IC GCMv2");
const GCM_V2_KEY_DS = "ic-vetkd-bls12-381-g2-aes-gcm-v2-";
const DKM_DS = "ic-vetkd-bls12-381-g2-derived-key-material";
const GCM_NONCE = 12;
const GCM_TAG = 16;

/** A request field that is missing or malformed: reported to the caller, never thrown past. */
class BadRequest extends Error {}

function hex(field, request) {
  const s = request[field];
  if (typeof s !== "string") {
    throw new BadRequest(`field '${field}' is missing or not a hex string`);
  }
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new BadRequest(`field '${field}' is not even-length hex`);
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(s.substring(2 * i, 2 * i + 2), 16);
  }
  return out;
}

function toHex(bytes) {
  return Buffer.from(bytes).toString("hex");
}

function text(field, request) {
  const s = request[field];
  if (typeof s !== "string") {
    throw new BadRequest(`field '${field}' is missing or not a string`);
  }
  return s;
}

function positiveInt(field, request) {
  const n = request[field];
  if (!Number.isInteger(n) || n <= 0) {
    throw new BadRequest(`field '${field}' must be a positive integer`);
  }
  return n;
}

const transportKeys = new Map();
let nextHandle = 1;

function keep(tsk) {
  const handle = `tsk-${nextHandle++}`;
  transportKeys.set(handle, tsk);
  return { handle, public_key: toHex(tsk.publicKeyBytes()) };
}

function transportKey(request) {
  const handle = text("handle", request);
  const tsk = transportKeys.get(handle);
  if (tsk === undefined) {
    throw new BadRequest(`unknown transport key handle '${handle}'`);
  }
  return tsk;
}

async function gcmV2Key(vetKey, domain) {
  // ic-vetkeys v2: dkm = HKDF(vetKey, DKM_DS, 32); key = HKDF(dkm, GCM_V2_KEY_DS || domain, 32)
  const dkm = await DerivedKeyMaterial.setup(vetKey.deriveSymmetricKey(DKM_DS, 32));
  return dkm.deriveAesGcmCryptoKey(GCM_V2_KEY_DS + domain);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const OPS = {
  version: async () => ({ library: LIBRARY_VERSION, node: process.version }),

  /** TransportSecretKey.random(); the secret stays here. */
  "transport-key-generate": async () => keep(TransportSecretKey.random()),

  /** TransportSecretKey.deserialize(secret_key): checks the secret-key encoding. */
  "transport-key-import": async (r) => keep(TransportSecretKey.deserialize(hex("secret_key", r))),

  /** EncryptedVetKey.deserialize(encrypted_key).decryptAndVerify(tsk, dpk, input). */
  "decrypt-and-verify": async (r) => {
    const tsk = transportKey(r);
    const dpk = DerivedPublicKey.deserialize(hex("derived_public_key", r));
    const ek = EncryptedVetKey.deserialize(hex("encrypted_key", r));
    return { vetkey: toHex(ek.decryptAndVerify(tsk, dpk, hex("input", r)).serialize()) };
  },

  /** verifyBlsSignature(dpk, input, signature): a vetKey as a BLS signature. */
  "verify-signature": async (r) => ({
    valid: verifyBlsSignature(
      DerivedPublicKey.deserialize(hex("derived_public_key", r)),
      hex("input", r),
      hex("signature", r),
    ),
  }),

  /** MasterPublicKey.deserialize(mpk).deriveCanisterKey(canister_id).deriveSubKey(context). */
  "derive-public-key": async (r) => {
    const ck = MasterPublicKey.deserialize(hex("master_public_key", r)).deriveCanisterKey(
      hex("canister_id", r),
    );
    return {
      canister_key: toHex(ck.publicKeyBytes()),
      derived_public_key: toHex(ck.deriveSubKey(hex("context", r)).publicKeyBytes()),
    };
  },

  /** IbeCiphertext.encrypt(dpk, IbeIdentity.fromBytes(identity), message, IbeSeed.fromBytes(seed)). */
  "ibe-encrypt": async (r) => {
    const seed = r.seed === undefined ? IbeSeed.random() : IbeSeed.fromBytes(hex("seed", r));
    const c = IbeCiphertext.encrypt(
      DerivedPublicKey.deserialize(hex("derived_public_key", r)),
      IbeIdentity.fromBytes(hex("identity", r)),
      hex("message", r),
      seed,
    );
    return { ciphertext: toHex(c.serialize()) };
  },

  /** IbeCiphertext.deserialize(ciphertext).decrypt(VetKey.deserialize(vetkey)). */
  "ibe-decrypt": async (r) => {
    const c = IbeCiphertext.deserialize(hex("ciphertext", r));
    return { message: toHex(c.decrypt(VetKey.deserialize(hex("vetkey", r)))) };
  },

  /** VetKey.deriveSymmetricKey(domain, length). */
  "symmetric-key": async (r) => ({
    key: toHex(
      VetKey.deserialize(hex("vetkey", r)).deriveSymmetricKey(
        text("domain", r),
        positiveInt("length", r),
      ),
    ),
  }),

  /** (await vetKey.asDerivedKeyMaterial()).encryptMessage(message, domain): 0.4.0's format. */
  "dkm-encrypt": async (r) => {
    const dkm = await VetKey.deserialize(hex("vetkey", r)).asDerivedKeyMaterial();
    return { ciphertext: toHex(await dkm.encryptMessage(hex("message", r), text("domain", r))) };
  },

  /** (await vetKey.asDerivedKeyMaterial()).decryptMessage(ciphertext, domain). */
  "dkm-decrypt": async (r) => {
    const dkm = await VetKey.deserialize(hex("vetkey", r)).asDerivedKeyMaterial();
    return { message: toHex(await dkm.decryptMessage(hex("ciphertext", r), text("domain", r))) };
  },

  /** "IC GCMv2" || nonce || AES-256-GCM(v2 key, aad = header || associated_data) || tag. */
  "gcmv2-encrypt": async (r) => {
    const key = await gcmV2Key(VetKey.deserialize(hex("vetkey", r)), text("domain", r));
    const nonce = globalThis.crypto.getRandomValues(new Uint8Array(GCM_NONCE));
    const sealed = await globalThis.crypto.subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: concat(GCM_V2_HEADER, hex("associated_data", r)) },
      key,
      hex("message", r),
    );
    return { ciphertext: toHex(concat(GCM_V2_HEADER, nonce, new Uint8Array(sealed))) };
  },

  "gcmv2-decrypt": async (r) => {
    const c = hex("ciphertext", r);
    const h = GCM_V2_HEADER.length;
    if (c.length < h + GCM_NONCE + GCM_TAG || !c.subarray(0, h).every((b, i) => b === GCM_V2_HEADER[i])) {
      throw new Error("not an IC GCMv2 ciphertext (header or length)");
    }
    const key = await gcmV2Key(VetKey.deserialize(hex("vetkey", r)), text("domain", r));
    let opened;
    try {
      opened = await globalThis.crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: c.subarray(h, h + GCM_NONCE),
          additionalData: concat(GCM_V2_HEADER, hex("associated_data", r)),
        },
        key,
        c.subarray(h + GCM_NONCE),
      );
    } catch {
      throw new Error("Decryption failed");
    }
    return { message: toHex(new Uint8Array(opened)) };
  },

  /** VrfOutput.deserialize(vrf): verifies the proof, returns output, input and public key. */
  "vrf-verify": async (r) => {
    const v = VrfOutput.deserialize(hex("vrf", r));
    return {
      output: toHex(v.output()),
      input: toHex(v.input()),
      public_key: toHex(v.publicKey().publicKeyBytes()),
    };
  },
};

async function answer(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return { id: null, ok: false, error: `request is not JSON: ${e.message}` };
  }
  const id = request !== null && typeof request === "object" ? (request.id ?? null) : null;
  const op = OPS[request?.op];
  if (op === undefined) {
    return { id, ok: false, error: `unknown op '${request?.op}'; ops: ${Object.keys(OPS).join(", ")}` };
  }
  try {
    return { id, ok: true, ...(await op(request)) };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { id, ok: false, error: e instanceof BadRequest ? `bad request: ${error}` : error };
  }
}

if (process.argv.includes("--help")) {
  process.stdout.write(
    `@dfinity/vetkeys ${LIBRARY_VERSION} driver: one JSON request per line on stdin.\nops: ${Object.keys(OPS).join(", ")}\n`,
  );
  process.exit(0);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") {
    continue;
  }
  process.stdout.write(JSON.stringify(await answer(line)) + "\n");
}
