// Peer benchmark for issue #4: DFINITY's @dfinity/vetkeys (version pinned in package.json) timed on
// this machine, single thread, for the three client operations of io.dooor.bench.vetkd
// .VetKdClientBenchmark: decrypt-and-verify of one 192-byte encrypted vetKey (parse included), IBE
// encryption of 1 KiB (fresh random seed, serialisation included), IBE decryption of 1 KiB (parse
// included). Inputs are DFINITY's published vectors, read in place:
//
//   node bench.mjs VECTORS_DIR [ITERATIONS] [WARMUP]     e.g. node bench.mjs ../../../shared/vectors/vetkeys
//
// Prints one line per operation: wall-clock p50, min and mean, and the process CPU time per
// operation (mean; user + system from process.cpuUsage), all in ms.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  DerivedPublicKey,
  EncryptedVetKey,
  IbeCiphertext,
  IbeIdentity,
  IbeSeed,
  TransportSecretKey,
  VetKey,
} from "@dfinity/vetkeys";

const [dir, iterArg, warmArg] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write("usage: node bench.mjs VECTORS_DIR [ITERATIONS=100] [WARMUP=20]\n");
  process.exit(2);
}
const iterations = Number.parseInt(iterArg ?? "100", 10);
const warmup = Number.parseInt(warmArg ?? "20", 10);
if (!(iterations > 0) || !(warmup >= 0)) {
  process.stderr.write("ITERATIONS must be > 0 and WARMUP >= 0\n");
  process.exit(2);
}

const version = JSON.parse(
  readFileSync(new URL("./node_modules/@dfinity/vetkeys/package.json", import.meta.url), "utf8"),
).version;

function firstVector(file) {
  const vectors = JSON.parse(readFileSync(join(dir, file), "utf8")).vectors;
  if (!Array.isArray(vectors) || vectors.length === 0) {
    throw new Error(`${file}: no vectors`);
  }
  return vectors[0];
}

function bytes(h) {
  return Uint8Array.from(Buffer.from(h, "hex"));
}

function sameBytes(a, b) {
  return Buffer.from(a).equals(Buffer.from(b));
}

// decrypt-and-verify: DFINITY's encrypted key with its transport secret key, DPK and input
const ekv = firstVector("encrypted_vetkey_decryption.json");
const tsk = TransportSecretKey.deserialize(bytes(ekv.transport_secret_key_hex));
const ekDpk = DerivedPublicKey.deserialize(bytes(ekv.derived_public_key_hex));
const ekInput = bytes(ekv.input_hex);
const ekBytes = bytes(ekv.encrypted_key_hex);

// IBE: DFINITY's DPK, identity and the vetKey for them; a 1 KiB message
const ibev = firstVector("ibe.json");
const ibeDpk = DerivedPublicKey.deserialize(bytes(ibev.derived_public_key_hex));
const identity = IbeIdentity.fromBytes(bytes(ibev.identity_hex));
const vetKey = VetKey.deserialize(bytes(ibev.vetkey_hex));
const message = globalThis.crypto.getRandomValues(new Uint8Array(1024));
const ciphertext = IbeCiphertext.encrypt(ibeDpk, identity, message, IbeSeed.random()).serialize();

const ops = {
  "decrypt-and-verify": () =>
    EncryptedVetKey.deserialize(ekBytes).decryptAndVerify(tsk, ekDpk, ekInput),
  "ibe-encrypt-1KiB": () =>
    IbeCiphertext.encrypt(ibeDpk, identity, message, IbeSeed.random()).serialize(),
  "ibe-decrypt-1KiB": () => IbeCiphertext.deserialize(ciphertext).decrypt(vetKey),
};

// the work is real: check each result once before timing it
if (!sameBytes(ops["decrypt-and-verify"]().serialize(), bytes(ekv.expected_vetkey_hex))) {
  throw new Error("decrypt-and-verify returned a different vetKey than the vector's");
}
if (!sameBytes(ops["ibe-decrypt-1KiB"](), message)) {
  throw new Error("IBE decryption did not return the message");
}
if (IbeCiphertext.deserialize(ops["ibe-encrypt-1KiB"]()).decrypt(vetKey).length !== 1024) {
  throw new Error("IBE encryption did not round-trip");
}

function ms(x) {
  return x.toFixed(2);
}

process.stdout.write(
  `node ${process.version} @dfinity/vetkeys ${version} single thread, ${warmup} warm-up + ${iterations} timed iterations each\n`,
);
let last = null;
for (const [name, op] of Object.entries(ops)) {
  for (let i = 0; i < warmup; i++) {
    last = op();
  }
  const samples = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    last = op();
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  const p50 = samples[Math.floor((samples.length - 1) / 2)];
  const cpuMean = (cpu.user + cpu.system) / 1000 / iterations;
  process.stdout.write(
    `${name.padEnd(20)} p50 ${ms(p50)} ms  min ${ms(samples[0])} ms  mean ${ms(mean)} ms  cpu/op ${ms(cpuMean)} ms\n`,
  );
}
if (last === null) {
  throw new Error("no operation ran");
}
