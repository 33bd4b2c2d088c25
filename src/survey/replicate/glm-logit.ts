/**
 * The intercept of R's glm.fit(y ~ 1, family = quasibinomial) on one replicate, started at the full-sample
 * coefficient, as svyglm fits each replicate for svyciprop's logit interval. When the replicate's weighted share p
 * lies strictly between 0 and 1 the fit is logit(p) (Newton's method converges to it); when a replicate has no
 * (or only) positive answers the maximum is at ±∞ and R stops where its deviance test says it has converged, a
 * large finite value: that path is reproduced step by step (IRLS, R's logit link clamps, epsilon 1e-8, maxit 25).
 */
const EPS = 2.220446049250313e-16;
const linkinv = (eta: number) => (eta < -30 ? EPS : eta > 30 ? 1 - EPS : 1 / (1 + Math.exp(-eta)));
const muEta = (eta: number) => {
  if (eta > 30 || eta < -30) return EPS;
  const o = 1 + Math.exp(eta);
  return Math.exp(eta) / (o * o);
};
const ylogy = (y: number, mu: number) => (y !== 0 ? y * Math.log(y / mu) : 0);
/** Binomial deviance with weights summing to 1 and a weighted share p of ones. */
const deviance = (p: number, mu: number) => 2 * (p * ylogy(1, mu) + (1 - p) * ylogy(1, 1 - mu));

export function replicateLogit(p: number, start: number): number {
  if (p > 0 && p < 1) return Math.log(p / (1 - p));
  if (Number.isNaN(p)) return Number.NaN;
  let eta = start;
  let mu = linkinv(eta);
  let devold = deviance(p, mu);
  for (let iter = 1; iter <= 25; iter++) {
    eta = eta + (p - mu) / muEta(eta);
    mu = linkinv(eta);
    const dev = deviance(p, mu);
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < 1e-8) break;
    devold = dev;
  }
  return eta;
}
