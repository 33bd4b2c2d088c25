// The part of jstat (no bundled types) that the survey engine uses: t, beta and normal quantiles.
declare module 'jstat' {
  interface JStat {
    studentt: { inv(p: number, dof: number): number };
    gammaln(x: number): number;
    beta: { inv(p: number, a: number, b: number): number };
    normal: { inv(p: number, mean: number, sd: number): number; cdf(x: number, mean: number, sd: number): number };
  }
  const jStat: JStat & { jStat?: JStat };
  export default jStat;
}
