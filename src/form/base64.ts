export { base64ToBytes, bytesToBase64 } from '../util/base64.ts';
