/**
 * Seeded randomness for the simulation. Two kinds:
 * - a sequential generator (sfc32) for building the population and drawing samples;
 * - counter-based draws `uniformAt(seed, a, b)`: a hash of (seed, person, item), so that a person's answers are
 *   the same whether the whole population is scored or only the sampled persons are interviewed.
 */

/** 32-bit mix (the murmur3 finalizer): every input bit affects every output bit. */
function mix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uniform in [0, 1) that depends only on its three integer keys. */
export function uniformAt(seed: number, a: number, b: number): number {
  return uniformFromKey(uniformKey(seed, a), b);
}

/** The part of uniformAt that depends on (seed, a) only, to compute once for many b. */
export function uniformKey(seed: number, a: number): number {
  return mix32(mix32(seed ^ 0x9e3779b9) ^ a);
}

/** uniformAt(seed, a, b) given uniformKey(seed, a). */
export function uniformFromKey(key: number, b: number): number {
  return (mix32(key + Math.imul(b, 0x27d4eb2f)) + 0.5) / 4294967296;
}

/** Small fast generator (sfc32, public domain), seeded through mix32 so that nearby seeds diverge. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x243f6a88);
    this.b = mix32(seed + 0x85a308d3 + stream);
    this.c = mix32(Math.imul(stream + 1, 0x13198a2e) ^ seed);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next32();
  }

  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in (0, 1). */
  uniform(): number {
    return (this.next32() + 0.5) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia's polar method). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }

  /** Index drawn with probability proportional to `weights`. */
  pick(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(xs: T): T {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = xs[i]!;
      xs[i] = xs[j]!;
      xs[j] = t;
    }
    return xs;
  }
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
