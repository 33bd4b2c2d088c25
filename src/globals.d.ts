// The few globals that exist in every runtime scilit's core runs in (Node 20+, Chromium, Electron's renderer).
// The core's tsconfig loads neither the DOM nor Node's types, so that `src/` outside `src/node/` cannot reach
// `fs`, `document` or `electron`; what it may use of the platform is declared here and nowhere else.

declare var console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
  readonly encoding: string;
}

declare var crypto: {
  randomUUID(): `${string}-${string}-${string}-${string}-${string}`;
  getRandomValues<T extends ArrayBufferView | null>(array: T): T;
  readonly subtle: SubtleCryptoLike;
};

/** The WebCrypto calls scilit uses (hashes; AES-256-GCM, RSA-OAEP and Ed25519 signatures for field packages). */
interface CryptoKeyLike {
  readonly type: 'public' | 'private' | 'secret';
}
interface CryptoKeyPairLike {
  publicKey: CryptoKeyLike;
  privateKey: CryptoKeyLike;
}
interface SubtleCryptoLike {
  digest(algorithm: 'SHA-256' | 'SHA-1' | 'SHA-512', data: Uint8Array): Promise<ArrayBuffer>;
  generateKey(
    algorithm: { name: 'RSA-OAEP'; modulusLength: number; publicExponent: Uint8Array; hash: 'SHA-256' },
    extractable: boolean,
    usages: ('encrypt' | 'decrypt' | 'wrapKey' | 'unwrapKey')[],
  ): Promise<CryptoKeyPairLike>;
  generateKey(
    algorithm: { name: 'AES-GCM'; length: 256 },
    extractable: boolean,
    usages: ('encrypt' | 'decrypt')[],
  ): Promise<CryptoKeyLike>;
  generateKey(
    algorithm: { name: 'Ed25519' },
    extractable: boolean,
    usages: ('sign' | 'verify')[],
  ): Promise<CryptoKeyPairLike>;
  sign(algorithm: { name: 'Ed25519' }, key: CryptoKeyLike, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: { name: 'Ed25519' }, key: CryptoKeyLike, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  importKey(
    format: 'spki' | 'pkcs8' | 'raw',
    keyData: Uint8Array,
    algorithm: { name: 'RSA-OAEP'; hash: 'SHA-256' } | { name: 'AES-GCM' } | { name: 'Ed25519' },
    extractable: boolean,
    usages: ('encrypt' | 'decrypt' | 'sign' | 'verify')[],
  ): Promise<CryptoKeyLike>;
  exportKey(format: 'spki' | 'pkcs8' | 'raw', key: CryptoKeyLike): Promise<ArrayBuffer>;
  encrypt(
    algorithm: { name: 'RSA-OAEP' } | { name: 'AES-GCM'; iv: Uint8Array; additionalData?: Uint8Array },
    key: CryptoKeyLike,
    data: Uint8Array,
  ): Promise<ArrayBuffer>;
  decrypt(
    algorithm: { name: 'RSA-OAEP' } | { name: 'AES-GCM'; iv: Uint8Array; additionalData?: Uint8Array },
    key: CryptoKeyLike,
    data: Uint8Array,
  ): Promise<ArrayBuffer>;
}

declare function atob(data: string): string;
declare function btoa(data: string): string;

declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
