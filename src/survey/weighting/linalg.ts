/** The little dense linear algebra calibration needs: p (auxiliary columns) is small, n may be large. */

/** Solves A x = b (A p×p row-major) by Gaussian elimination with partial pivoting, as LAPACK dgesv. */
export function solve(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < m.length; i++) scale = Math.max(scale, Math.abs(m[i]!));
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(m[r * p + col]!) > Math.abs(m[piv * p + col]!)) piv = r;
    if (!(Math.abs(m[piv * p + col]!) > scale * 1e-14)) return null;
    if (piv !== col) {
      for (let c = 0; c < p; c++) {
        const t = m[col * p + c]!;
        m[col * p + c] = m[piv * p + c]!;
        m[piv * p + c] = t;
      }
      const t = x[col]!;
      x[col] = x[piv]!;
      x[piv] = t;
    }
    for (let r = col + 1; r < p; r++) {
      const f = m[r * p + col]! / m[col * p + col]!;
      if (f === 0) continue;
      for (let c = col; c < p; c++) m[r * p + c]! -= f * m[col * p + c]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = p - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let c = r + 1; c < p; c++) s -= m[r * p + c]! * x[c]!;
    x[r] = s / m[r * p + r]!;
  }
  return x;
}

/**
 * Householder QR of an n×p matrix given as columns; `residual(u)` gives u minus its least-squares projection
 * on the columns (R `qr.resid`), stably even when the columns are on very different scales.
 */
export function householderQr(columns: readonly Float64Array[]): { residual(u: Float64Array): Float64Array } {
  const p = columns.length;
  const v = columns.map((c) => Float64Array.from(c));
  const n = p > 0 ? v[0]!.length : 0;
  const betas = new Float64Array(p);
  const used = new Uint8Array(p);
  for (let k = 0; k < p; k++) {
    const a = v[k]!;
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i]! * a[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[k]! > 0 ? -norm : norm;
    // Householder vector stored in place over rows k..n-1 of column k.
    a[k]! -= alpha;
    let vnorm2 = 0;
    for (let i = k; i < n; i++) vnorm2 += a[i]! * a[i]!;
    if (vnorm2 === 0) continue;
    const beta = 2 / vnorm2;
    betas[k] = beta;
    used[k] = 1;
    for (let j = k + 1; j < p; j++) {
      const b = v[j]!;
      let s = 0;
      for (let i = k; i < n; i++) s += a[i]! * b[i]!;
      s *= beta;
      for (let i = k; i < n; i++) b[i]! -= s * a[i]!;
    }
  }
  const reflect = (k: number, x: Float64Array) => {
    const a = v[k]!;
    let s = 0;
    for (let i = k; i < n; i++) s += a[i]! * x[i]!;
    s *= betas[k]!;
    for (let i = k; i < n; i++) x[i]! -= s * a[i]!;
  };
  return {
    residual(u: Float64Array): Float64Array {
      const x = Float64Array.from(u);
      for (let k = 0; k < p; k++) if (used[k]!) reflect(k, x);
      for (let k = 0; k < Math.min(p, n); k++) if (used[k]!) x[k] = 0;
      for (let k = p - 1; k >= 0; k--) if (used[k]!) reflect(k, x);
      return x;
    },
  };
}
