/** Base64 for file bytes crossing the JSON API (the core has no Buffer and no atob in its declared globals). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
LOOKUP['-'.charCodeAt(0)] = 62;
LOOKUP['_'.charCodeAt(0)] = 63;

export function base64ToBytes(s: string): Uint8Array {
  let clean = s.replace(/[\s=]/g, '');
  if (clean.startsWith('data:')) clean = clean.slice(clean.indexOf(',') + 1);
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = LOOKUP[clean.charCodeAt(i)] ?? -1;
    if (v < 0)
      throw Object.assign(new Error('the file data is not valid base64'), {
        userFacing: true,
        code: 'invalid_arguments',
      });
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

export function bytesToBase64(b: Uint8Array): string {
  const parts: string[] = [];
  let line = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    line +=
      ALPHABET[(n >> 18) & 63]! +
      ALPHABET[(n >> 12) & 63]! +
      (i + 1 < b.length ? ALPHABET[(n >> 6) & 63]! : '=') +
      (i + 2 < b.length ? ALPHABET[n & 63]! : '=');
    if (line.length >= 65_536) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line);
  return parts.join('');
}
