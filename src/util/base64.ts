/**
 * Base64 for bytes crossing the JSON API (files, packages, keys). Built on the platform's atob/btoa, in chunks,
 * so that tens of megabytes encode without building the text a character at a time.
 */
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK * 3) {
    let binary = '';
    const end = Math.min(bytes.length, i + CHUNK * 3);
    for (let j = i; j < end; j += CHUNK) {
      binary += String.fromCharCode(...bytes.subarray(j, Math.min(end, j + CHUNK)));
    }
    parts.push(btoa(binary));
  }
  return parts.join('');
}

/** Decodes standard or URL-safe base64 (whitespace, padding and a `data:` prefix allowed); undefined when invalid. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  let clean = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  clean = clean
    .replace(/[\s=]+/g, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  if (clean.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(clean)) return undefined;
  const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
