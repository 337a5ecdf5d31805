/**
 * PKCS#12 files (`.p12`, `.pfx`) whose integrity MAC verifies with a password everybody knows: Google Cloud's
 * service-account key files are all protected by `notasecret`, and tools export with an empty password. Such a file
 * is a private key in the clear for whoever reads the repository. A file protected by any other password, or with
 * no MAC, proves nothing and is not reported.
 *
 * Only the MAC is checked (RFC 7292 section 5 and appendix B): the bags are never decrypted, and nothing in the file
 * is trusted beyond bounds-checked DER lengths. The iteration count is capped, so a hostile file cannot make the
 * key derivation run for minutes.
 */
import { crypto } from "./lazy-crypto.js";

/** Passwords that protect nothing: GCP's fixed one, and none. */
const WELL_KNOWN = ["notasecret", ""] as const;

/** Above this many key-derivation rounds the file is not checked: OpenSSL writes 2,048, GCP 1 or 2,048. */
export const MAX_MAC_ITERATIONS = 100_000;

/** The larger PKCS#12 files seen in repositories are certificate chains of a few dozen KB. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Hash OIDs (DER content bytes, hex) a PKCS#12 MAC names, with node's name and the hash's block size. */
const HASHES = new Map<string, { name: string; block: number }>([
  ["2b0e03021a", { name: "sha1", block: 64 }],
  ["608648016503040204", { name: "sha224", block: 64 }],
  ["608648016503040201", { name: "sha256", block: 64 }],
  ["608648016503040202", { name: "sha384", block: 128 }],
  ["608648016503040203", { name: "sha512", block: 128 }],
]);

export interface Pkcs12Verdict {
  /** The password the MAC verified with: `notasecret` (GCP) or the empty password. */
  password: (typeof WELL_KNOWN)[number];
}

interface Der {
  tag: number;
  /** Offset of the content and its end (exclusive) in the buffer. */
  start: number;
  end: number;
}

/** One DER element at `at`, undefined when its header or length runs past `limit` (indefinite lengths included). */
function element(bytes: Uint8Array, at: number, limit: number): Der | undefined {
  if (at + 2 > limit) return undefined;
  const tag = bytes[at] as number;
  let length = bytes[at + 1] as number;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] as number);
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

/** The elements directly inside a constructed element. */
function children(bytes: Uint8Array, parent: Der): Der[] {
  const out: Der[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const child = element(bytes, at, parent.end);
    if (!child) return [];
    out.push(child);
    at = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const OCTET_STRING = 0x04;
const INTEGER = 0x02;
const OID = 0x06;
const EXPLICIT_0 = 0xa0;
const PKCS7_DATA = "2a864886f70d010701";

const hex = (bytes: Uint8Array, node: Der): string => Buffer.from(bytes.subarray(node.start, node.end)).toString("hex");

function integer(bytes: Uint8Array, node: Der): number | undefined {
  if (node.tag !== INTEGER || node.end - node.start > 4) return undefined;
  let value = 0;
  for (let i = node.start; i < node.end; i++) value = value * 256 + (bytes[i] as number);
  return value;
}

interface MacInput {
  content: Uint8Array;
  hash: { name: string; block: number };
  digest: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

/** The parts of a PFX that its MAC covers and names, when the file is a DER PFX with a MAC. */
function macInput(bytes: Uint8Array): MacInput | undefined {
  const pfx = element(bytes, 0, bytes.length);
  if (!pfx || pfx.tag !== SEQUENCE) return undefined;
  const [version, authSafe, macData] = children(bytes, pfx);
  if (!version || integer(bytes, version) !== 3 || !authSafe || authSafe.tag !== SEQUENCE || macData?.tag !== SEQUENCE)
    return undefined;
  const [contentType, wrapped] = children(bytes, authSafe);
  if (contentType?.tag !== OID || hex(bytes, contentType) !== PKCS7_DATA || wrapped?.tag !== EXPLICIT_0)
    return undefined;
  const [octets] = children(bytes, wrapped);
  if (octets?.tag !== OCTET_STRING) return undefined;
  const [digestInfo, salt, iterationNode] = children(bytes, macData);
  if (digestInfo?.tag !== SEQUENCE || salt?.tag !== OCTET_STRING) return undefined;
  const [algorithm, digest] = children(bytes, digestInfo);
  if (algorithm?.tag !== SEQUENCE || digest?.tag !== OCTET_STRING) return undefined;
  const [oid] = children(bytes, algorithm);
  const hash = oid?.tag === OID ? HASHES.get(hex(bytes, oid)) : undefined;
  const iterations = iterationNode ? integer(bytes, iterationNode) : 1;
  if (!hash || iterations === undefined || iterations < 1) return undefined;
  return {
    content: bytes.subarray(octets.start, octets.end),
    hash,
    digest: bytes.subarray(digest.start, digest.end),
    salt: bytes.subarray(salt.start, salt.end),
    iterations,
  };
}

/** `data` repeated to fill a multiple of `block` bytes (empty stays empty), as RFC 7292 B.2 builds S and P. */
function fill(data: Uint8Array, block: number): Uint8Array {
  if (data.length === 0) return data;
  const out = new Uint8Array(block * Math.ceil(data.length / block));
  for (let i = 0; i < out.length; i++) out[i] = data[i % data.length] as number;
  return out;
}

/** The password as a BMPString with its two-byte terminator, as PKCS#12 hashes it. */
function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(2 * password.length + 2);
  for (let i = 0; i < password.length; i++) {
    const code = password.charCodeAt(i);
    out[2 * i] = code >> 8;
    out[2 * i + 1] = code & 0xff;
  }
  return out;
}

/** RFC 7292 appendix B.2 key derivation, for the MAC key (ID 3), `length` bytes. */
function deriveMacKey(
  password: string,
  salt: Uint8Array,
  iterations: number,
  hash: { name: string; block: number },
  length: number,
): Buffer {
  const v = hash.block;
  const diversifier = new Uint8Array(v).fill(3);
  const input = Buffer.concat([fill(salt, v), fill(bmpPassword(password), v)]);
  const parts: Buffer[] = [];
  let produced = 0;
  const { createHash } = crypto();
  while (produced < length) {
    let a = createHash(hash.name).update(diversifier).update(input).digest();
    for (let i = 1; i < iterations; i++) a = createHash(hash.name).update(a).digest();
    parts.push(a);
    produced += a.length;
    if (produced >= length) break;
    // I_j = (I_j + B + 1) mod 2^(8v), for each v-byte block of I, with B = A repeated to v bytes.
    const b = fill(a, v).subarray(0, v);
    for (let j = 0; j < input.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (input[j + k] as number) + (b[k] as number) + carry;
        input[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(parts).subarray(0, length);
}

/**
 * The well-known password whose MAC the file's bytes verify with, or undefined: not a DER PFX, no MAC, a MAC with
 * too many iterations, or another password.
 */
export function wellKnownPkcs12Password(bytes: Uint8Array): Pkcs12Verdict | undefined {
  if (bytes.length === 0 || bytes.length > MAX_FILE_BYTES) return undefined;
  const mac = macInput(bytes);
  if (!mac || mac.iterations > MAX_MAC_ITERATIONS) return undefined;
  // The MAC key is as long as the hash's output.
  const { createHash, createHmac, timingSafeEqual } = crypto();
  const keyLength = createHash(mac.hash.name).digest().length;
  for (const password of WELL_KNOWN) {
    const key = deriveMacKey(password, mac.salt, mac.iterations, mac.hash, keyLength);
    const computed = createHmac(mac.hash.name, key).update(mac.content).digest();
    if (computed.length === mac.digest.length && timingSafeEqual(computed, mac.digest)) return { password };
  }
  return undefined;
}

/** Names PKCS#12 files go by. */
export const isPkcs12Path = (path: string): boolean => /\.(p12|pfx)$/i.test(path);
