/**
 * Replicate variance, as R `svrVar`: V = scale · Σ_r rscale_r (θ_r − θ̄)², with θ̄ the mean of the replicates
 * whose rscale is positive (`mse = false`, R's default) or the full-sample θ (`mse = true`). Replicates that
 * gave NaN (a domain empty in that replicate) are discarded, as R's na.omit does.
 */
export function replicateVariance(
  theta: number,
  replicateThetas: Float64Array,
  scale: number,
  rscales: Float64Array,
  mse = false,
): number {
  let sum = 0;
  let count = 0;
  for (let r = 0; r < replicateThetas.length; r++) {
    const t = replicateThetas[r]!;
    if (Number.isNaN(t) || !(rscales[r]! > 0)) continue;
    sum += t;
    count++;
  }
  if (replicateThetas.length > 0 && count === 0 && !mse) return Number.NaN;
  const centre = mse ? theta : sum / count;
  let v = 0;
  for (let r = 0; r < replicateThetas.length; r++) {
    const t = replicateThetas[r]!;
    if (Number.isNaN(t)) continue;
    v += (t - centre) * (t - centre) * rscales[r]!;
  }
  return v * scale;
}
