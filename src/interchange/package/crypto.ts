/**
 * Encryption of field packages to the office's key, as ODK does for encrypted forms: a fresh AES-256-GCM key per
 * package, wrapped with RSA-OAEP (SHA-256). WebCrypto only, so the same code runs in Node and in the app.
 */
import { base64ToBytes, bytesToBase64 } from '../../util/base64.ts';
import { sha256Hex } from '../../util/hash.ts';
import { PackageError } from './format.ts';

const RSA = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;
/** A WebCrypto key, whichever typings (the core's or Node's) check this file. */
type Key = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Base64 of keys and nonces; a package's own bytes travel in the ZIP, not as text. */
export function toBase64(bytes: Uint8Array): string {
  return bytesToBase64(bytes);
}

export function fromBase64(text: string): Uint8Array {
  const bytes = base64ToBytes(text);
  if (!bytes)
    throw PackageError.of(
      'damaged',
      '数据包中的密钥或随机数不是有效的 base64。',
      'a key or nonce in the package is not valid base64.',
    );
  return bytes;
}

function toPem(der: ArrayBuffer, label: 'PUBLIC KEY' | 'PRIVATE KEY'): string {
  const lines = toBase64(new Uint8Array(der)).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function fromPem(pem: string, label: 'PUBLIC KEY' | 'PRIVATE KEY'): Uint8Array {
  const m = pem.match(new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`));
  if (!m?.[1]) {
    throw PackageError.of(
      'wrong_key',
      `密钥文件不是 PEM 格式的“${label}”（应以 -----BEGIN ${label}----- 开头）。`,
      `the key file is not a PEM "${label}" (expected -----BEGIN ${label}-----).`,
    );
  }
  return fromBase64(m[1].replace(/\s+/g, ''));
}

/** The office key pair, as PEM texts (SPKI public key, PKCS#8 private key). */
export async function generateOfficeKeys(): Promise<{ publicPem: string; privatePem: string }> {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
  return {
    publicPem: toPem(await crypto.subtle.exportKey('spki', pair.publicKey), 'PUBLIC KEY'),
    privatePem: toPem(await crypto.subtle.exportKey('pkcs8', pair.privateKey), 'PRIVATE KEY'),
  };
}

export async function publicKeyId(publicPem: string): Promise<string> {
  return sha256Hex(fromPem(publicPem, 'PUBLIC KEY'));
}

export interface Sealed {
  ciphertext: Uint8Array;
  keyId: string;
  wrappedKey: string;
  iv: string;
}

/**
 * Encrypts to the office key. `associated(sealed)` gives bytes the GCM tag covers without encrypting them (the
 * manifest, which names the key, nonce and payload hash): a manifest edited afterwards fails to open.
 */
export async function seal(
  plain: Uint8Array,
  publicPem: string,
  associated?: (params: Omit<Sealed, 'ciphertext'>) => Uint8Array,
): Promise<Sealed> {
  const spki = fromPem(publicPem, 'PUBLIC KEY');
  let office: Key;
  try {
    office = await crypto.subtle.importKey('spki', spki, RSA, false, ['encrypt']);
  } catch {
    throw PackageError.of(
      'wrong_key',
      '无法读取公钥（应为 PEM 格式的 RSA 公钥）。',
      'the public key could not be read (expected an RSA public key in PEM).',
    );
  }
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
  const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, office, raw));
  const params = { keyId: await sha256Hex(spki), wrappedKey: toBase64(wrapped), iv: toBase64(iv) };
  const additionalData = associated?.(params);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, ...(additionalData ? { additionalData } : {}) }, key, plain),
  );
  return { ciphertext, ...params };
}

export async function open(sealed: Sealed, privatePem: string, additionalData?: Uint8Array): Promise<Uint8Array> {
  let office: Key;
  try {
    office = await crypto.subtle.importKey('pkcs8', fromPem(privatePem, 'PRIVATE KEY'), RSA, false, ['decrypt']);
  } catch (e) {
    if (e instanceof PackageError) throw e;
    throw PackageError.of(
      'wrong_key',
      '无法读取私钥（应为 PEM 格式的 RSA 私钥）。',
      'the private key could not be read (expected an RSA private key in PEM).',
    );
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, office, fromBase64(sealed.wrappedKey)));
  } catch {
    throw PackageError.of(
      'wrong_key',
      `这个数据包是用另一个办公室密钥加密的（密钥编号 ${sealed.keyId.slice(0, 16)}…），所给的私钥打不开它。`,
      `this package was encrypted to another office key (key id ${sealed.keyId.slice(0, 16)}…); the key given does not open it.`,
    );
  }
  const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['decrypt']);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(sealed.iv), ...(additionalData ? { additionalData } : {}) },
        key,
        sealed.ciphertext,
      ),
    );
  } catch {
    throw PackageError.of(
      'tampered',
      '加密数据没有通过认证检查：文件被改动过或已损坏。',
      'the encrypted data failed its authentication check: the file was altered or damaged.',
    );
  }
}
