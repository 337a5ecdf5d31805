/**
 * Checksums that provider token formats carry, so that a real token can be told from a random string of the same
 * shape: GitHub's and npm's tokens end in the CRC32 of their random part, written in base62.
 */

const CRC32_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, the one zlib and `binascii.crc32` compute) of the bytes of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = (CRC32_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Digits, then upper case, then lower case: the order GitHub's token checksum is written in. */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `value` in base62, left-padded with `0` to `width` characters. */
export function base62(value: number, width: number): string {
  let out = "";
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, "0");
}

/**
 * Whether a token of the GitHub shape (`<prefix>_<30 random characters><6-character checksum>`: `ghp_`, `gho_`,
 * `ghu_`, `ghs_`, `ghr_`, and npm's `npm_`) carries the base62 CRC32 of its random part, as GitHub documents
 * ("Behind GitHub's new authentication token formats", 2021) and npm adopted.
 */
export function hasCrc32Checksum(token: string): boolean {
  const underscore = token.indexOf("_");
  const body = token.slice(underscore + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}
