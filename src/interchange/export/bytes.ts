/** A growing little-endian byte buffer for the binary writers (.sav, .dta). */
export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private at = 0;
  private readonly encoder = new TextEncoder();

  get length(): number {
    return this.at;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(x: number): this {
    this.room(1);
    this.view.setUint8(this.at, x);
    this.at += 1;
    return this;
  }

  i8(x: number): this {
    this.room(1);
    this.view.setInt8(this.at, x);
    this.at += 1;
    return this;
  }

  u16(x: number): this {
    this.room(2);
    this.view.setUint16(this.at, x, true);
    this.at += 2;
    return this;
  }

  i16(x: number): this {
    this.room(2);
    this.view.setInt16(this.at, x, true);
    this.at += 2;
    return this;
  }

  i32(x: number): this {
    this.room(4);
    this.view.setInt32(this.at, x, true);
    this.at += 4;
    return this;
  }

  u32(x: number): this {
    this.room(4);
    this.view.setUint32(this.at, x, true);
    this.at += 4;
    return this;
  }

  u64(x: number | bigint): this {
    this.room(8);
    this.view.setBigUint64(this.at, BigInt(x), true);
    this.at += 8;
    return this;
  }

  i64(x: number | bigint): this {
    this.room(8);
    this.view.setBigInt64(this.at, BigInt(x), true);
    this.at += 8;
    return this;
  }

  f64(x: number): this {
    this.room(8);
    this.view.setFloat64(this.at, x, true);
    this.at += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }

  /** ASCII or UTF-8 text as it is, no terminator. */
  text(s: string): this {
    return this.bytes(this.encoder.encode(s));
  }

  /** Text in exactly `size` bytes: cut (the caller cuts at character boundaries) or padded with `pad`. */
  fixed(s: string | Uint8Array, size: number, pad = 0): this {
    const b = typeof s === 'string' ? this.encoder.encode(s) : s;
    this.room(size);
    const n = Math.min(b.length, size);
    this.buf.set(b.subarray(0, n), this.at);
    this.buf.fill(pad, this.at + n, this.at + size);
    this.at += size;
    return this;
  }

  /** Overwrites 8 bytes at `offset` (offsets in a header written before the parts they point at). */
  patchU64(offset: number, x: number): void {
    this.view.setBigUint64(offset, BigInt(x), true);
  }

  patchI32(offset: number, x: number): void {
    this.view.setInt32(offset, x, true);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
