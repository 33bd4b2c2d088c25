/**
 * Model-based district estimates of the literacy share from the database (issue 20): the direct estimate of each
 * district (a breakdown field of the interviews, e.g. `district`) on the full design, then the Fay–Herriot model
 * with the district covariates the user imported (src/survey/sae/small-area.ts), benchmarked to the overall direct
 * estimate. The result says it is model-based and carries the model's fit statistics.
 *
 *   smallAreaLiteracy(db, { field, covariates, method?, mse?, scale?, level?, ...the sample of estimate/run })
 */
import type { SqlDriver } from '../store/driver.ts';
import { estimateDomains } from '../survey/domains.ts';
import { SurveyError } from '../survey/errors.ts';
import {
  type AreaCovariates,
  type SmallAreaOptions,
  type SmallAreaResult,
  smallAreaEstimates,
} from '../survey/sae/small-area.ts';
import { domainsOf, type LiteracyRequest, literacySample } from './estimate-literacy.ts';

export interface SmallAreaRequest extends Omit<LiteracyRequest, 'by' | 'target' | 'ci'> {
  /** The breakdown field whose values are the districts. */
  field: string;
  covariates: AreaCovariates[];
  method?: SmallAreaOptions['method'];
  mse?: SmallAreaOptions['mse'];
  scale?: SmallAreaOptions['scale'];
}

export interface SmallAreaLiteracy extends SmallAreaResult {
  field: string;
  /** The overall direct estimate the districts are benchmarked to. */
  overall: { estimate: number; se: number };
  notes: string[];
}

export function smallAreaLiteracy(db: SqlDriver, request: SmallAreaRequest): SmallAreaLiteracy {
  const { scores, design, y, notes } = literacySample(db, request);
  const domains = domainsOf(db, scores, [request.field]);
  if (domains.length === 0) {
    throw new SurveyError('fh_no_areas', `no interview has a value of "${request.field}": no district estimates`);
  }
  const [overall, ...byArea] = estimateDomains(design, y, domains, { ci: 'mean', level: request.level });
  const direct = byArea.map((e) => ({
    area: e.domain[request.field] as string,
    estimate: e.estimate,
    variance: e.variance,
    n: e.n,
    sumW: e.sumW,
  }));
  const result = smallAreaEstimates(direct, request.covariates, {
    method: request.method,
    mse: request.mse,
    scale: request.scale,
    level: request.level,
    benchmark: overall!.estimate,
  });
  return { ...result, field: request.field, overall: { estimate: overall!.estimate, se: overall!.se }, notes };
}
