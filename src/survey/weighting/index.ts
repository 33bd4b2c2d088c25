/** Weighting steps of the estimation engine (methodology.md §2.5). */
export { baseWeights } from './base.ts';
export { calibrateLinear } from './calibrate.ts';
export { weightingData } from './data.ts';
export { weightDiagnostics } from './diagnostics.ts';
export { WeightingError } from './errors.ts';
export { CELL_SEPARATOR, cellKey, factorFromStrings, interactFactors } from './factor.ts';
export { nonResponseAdjust } from './nonresponse.ts';
export { postStratify } from './poststratify.ts';
export { rake } from './rake.ts';
export { applyStep, rakePassesOf, runWeighting } from './recipe.ts';
export {
  parseWeightingScheme,
  recipeVariables,
  resolveSchemeSteps,
  type SchemeStep,
  type TargetRow,
  tableCells,
  type WeightingScheme,
  weightingSchemeSchema,
} from './scheme.ts';
export { trimWeights } from './trim.ts';
export type {
  RakeMargin,
  RakeOptions,
  RunWeightingOptions,
  TargetCell,
  WeightingData,
  WeightingRun,
  WeightingStepResult,
  WeightingStepSpec,
} from './types.ts';
