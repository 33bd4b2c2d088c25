/**
 * Signed field packages: each laptop signs the manifest of its packages with a key of its own (Ed25519 through
 * WebCrypto), and the manifest holds the SHA-256 of the payload, so the signature vouches for every byte. Hashes
 * alone give integrity (a damaged file is seen) but not authenticity: anyone can recompute them. A signature made
 * with a key the office registered can only come from that laptop. See docs/security.md for what each mode holds.
 */
import { base64ToBytes, bytesToBase64 } from '../../util/base64.ts';
import { PackageError } from './format.ts';

const ED25519 = { name: 'Ed25519' } as const;

export interface DeviceKey {
  /** Raw 32-byte public key, base64. */
  publicKey: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
}

export async function newDeviceKey(): Promise<DeviceKey> {
  // The node and web typings disagree on generateKey's result for Ed25519; it is a key pair.
  const pair = (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as unknown as {
    publicKey: Parameters<typeof crypto.subtle.exportKey>[1];
    privateKey: Parameters<typeof crypto.subtle.exportKey>[1];
  };
  return {
    publicKey: bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))),
    privateKey: bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey))),
  };
}

/** JSON with keys in sorted order at every level: the same object gives the same bytes wherever it is made. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What the signature and the encryption's associated data cover: the manifest without its signature. */
export function manifestBytes(manifest: Record<string, unknown>): Uint8Array {
  const { signature: _omit, ...rest } = manifest;
  return new TextEncoder().encode(canonicalJson(rest));
}

const bytes = (b64: string) => {
  const b = base64ToBytes(b64);
  if (!b)
    throw PackageError.of('damaged', '数据包的签名不是有效的 base64。', 'the package signature is not valid base64.');
  return b;
};

export async function signBytes(data: Uint8Array, privateKey: string): Promise<string> {
  const key = await crypto.subtle.importKey('pkcs8', bytes(privateKey), ED25519, false, ['sign']);
  return bytesToBase64(new Uint8Array(await crypto.subtle.sign(ED25519, key, data)));
}

export async function verifyBytes(data: Uint8Array, signature: string, publicKey: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', bytes(publicKey), ED25519, false, ['verify']);
    return await crypto.subtle.verify(ED25519, key, bytes(signature), data);
  } catch {
    return false;
  }
}
