/**
 * R's degf for a replicate design: qr(weights(design, "analysis"), tol = 1e-5)$rank − 1, the rank of the
 * n × R matrix of replicate weights as LINPACK's dqrdc2 finds it (a column counts when what is left of it after
 * the columns before it is at least 1e-5 of its own length).
 *
 * The matrix is never built: rows of a group (a PSU, or a PSU × weighting cell) have replicate weights
 * proportional to one vector c_g, so WᵀW = Σ_g s_g c_g c_gᵀ with s_g the group's sum of squared base weights,
 * and the same column test runs on the R × R Gram matrix (a Cholesky factorization that skips columns).
 */
export function gramRank(gram: Float64Array, count: number, tol = 1e-5): number {
  const L = new Float64Array(count * count);
  const accepted: number[] = [];
  for (let j = 0; j < count; j++) {
    const gjj = gram[j * count + j]!;
    let r2 = gjj;
    for (const k of accepted) r2 -= L[j * count + k]! * L[j * count + k]!;
    const norm = gjj > 0 ? Math.sqrt(gjj) : 1;
    if (!(Math.sqrt(Math.max(r2, 0)) >= tol * norm)) continue;
    const d = Math.sqrt(r2);
    L[j * count + j] = d;
    for (let m = j + 1; m < count; m++) {
      let s = gram[m * count + j]!;
      for (const k of accepted) s -= L[m * count + k]! * L[j * count + k]!;
      L[m * count + j] = s / d;
    }
    accepted.push(j);
  }
  return accepted.length;
}

/** Σ_g s_g c_g c_gᵀ over groups with s_g > 0; `vectors` holds c_g at g * count. */
export function groupGram(vectors: Float64Array, s: Float64Array, count: number): Float64Array {
  const gram = new Float64Array(count * count);
  for (let g = 0; g < s.length; g++) {
    const sg = s[g]!;
    if (sg === 0) continue;
    const off = g * count;
    for (let a = 0; a < count; a++) {
      const va = vectors[off + a]! * sg;
      if (va === 0) continue;
      const row = a * count;
      for (let b = a; b < count; b++) gram[row + b]! += va * vectors[off + b]!;
    }
  }
  for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) gram[b * count + a] = gram[a * count + b]!;
  return gram;
}
