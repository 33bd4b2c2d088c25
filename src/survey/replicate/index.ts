/** Replicate (jackknife) variance of the estimation engine (methodology.md §2.6). */
export { type JackknifeDesign, type JackknifeOptions, jackknifeWeights } from './jackknife.ts';
export {
  type ReplicateEstimate,
  type ReplicateMeansOptions,
  type ReplicateMeansResult,
  replicateMeans,
} from './means.ts';
export {
  type ReplicateWeighting,
  type ReplicateWeightingOptions,
  replicateWeighting,
} from './reweight.ts';
export { replicateVariance } from './variance.ts';
