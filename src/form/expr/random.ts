/**
 * randomize(nodes, seed): a seeded order that is the same on every device, from the Park–Miller generator
 * (multiplier 16807, modulus 2³¹ − 1) that JavaRosa and Enketo use for a seed, with a Fisher–Yates shuffle from the
 * end. Without a seed the order is random.
 */
const MODULUS = 2_147_483_647;

/** A shuffled copy. */
export function seededShuffle<T>(items: readonly T[], seed?: number): T[] {
  const out = [...items];
  let next: () => number = Math.random;
  if (seed !== undefined && Number.isFinite(seed)) {
    let state = Math.trunc(seed) % MODULUS;
    if (state <= 0) state += MODULUS - 1;
    next = () => {
      // 16807 × state < 2⁵³: exact in a double.
      state = (state * 16_807) % MODULUS;
      return (state - 1) / (MODULUS - 1);
    };
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
