import { z } from 'zod';
import { countInterviews, interviewFacets, interviewPage, PAGE_SORTS } from '../../store/interview-list.ts';
import { homeOverview, interviewAudit } from '../../store/overview.ts';
import { op } from '../operation.ts';

const filterText = z.string().max(200).nullish();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/, 'expected a date like 2025-06-30')
  .nullish();

const interviewFilter = {
  status: z.enum(['draft', 'final', 'void']).nullish(),
  surveyor: filterText,
  region: filterText,
  from: isoDate,
  to: isoDate,
  /** The start of an interview id or household code. */
  search: filterText,
};

/** The Home and Interviews screens: the database at a glance, paged lists, one interview's audit trail. */
export const overviewOps = {
  'overview/home': op({
    input: z.object({ top: z.number().int().min(1).max(1000).optional() }),
    run: (ctx, a) => homeOverview(ctx.db, a.top),
  }),
  /**
   * One page of the Interviews screen's list, continued by keyset: pass the `next` of the previous page as
   * `after` (no OFFSET: page 1,000 costs what page 1 does). With `withTotal`, also the count under the filters.
   */
  'interviews/page': op({
    input: z.object({
      ...interviewFilter,
      after: z.object({ at: z.string().max(40), rid: z.number().int() }).nullish(),
      limit: z.number().int().min(1).max(1000).default(100),
      sort: z.enum(PAGE_SORTS).default('updated'),
      descending: z.boolean().default(true),
      withTotal: z.boolean().default(false),
    }),
    run(ctx, a) {
      const page = interviewPage(ctx.db, a);
      return a.withTotal ? { ...page, total: countInterviews(ctx.db, a) } : page;
    },
  }),
  /** The surveyors and regions that occur in the database, for the list's filters. */
  'interviews/facets': op({
    input: z.object({}),
    run: (ctx) => interviewFacets(ctx.db),
  }),
  'interviews/audit': op({
    input: z.object({ interviewId: z.string().min(1).max(200) }),
    run: (ctx, a) => interviewAudit(ctx.db, a.interviewId),
  }),
};
