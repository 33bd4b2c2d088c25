import { base64ToBytes as decode } from '../util/base64.ts';

export { bytesToBase64 } from '../util/base64.ts';

/** Decodes a file sent through the API; text that is not base64 is the caller's mistake, said as such. */
export function base64ToBytes(s: string): Uint8Array {
  const bytes = decode(s);
  if (!bytes) {
    throw Object.assign(new Error('the file data is not valid base64'), {
      userFacing: true,
      code: 'invalid_arguments',
    });
  }
  return bytes;
}
