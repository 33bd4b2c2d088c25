/** Replicate (jackknife) variance of the estimation engine (methodology.md §2.6). */
export { type BootstrapDesign, bootstrapWeights, DEFAULT_BOOTSTRAP_SEED } from './bootstrap.ts';
export { type BrrDesign, brrWeights } from './brr.ts';
export { estimateReplicateDomains, type ReplicateDomainsInput } from './domains.ts';
export { type JackknifeDesign, type JackknifeOptions, jackknifeWeights, type ReplicateBasis } from './jackknife.ts';
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
export { type SuppliedDesign, type SuppliedType, suppliedWeights } from './supplied.ts';
export { replicateVariance } from './variance.ts';
