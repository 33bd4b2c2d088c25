import { z } from 'zod';
import { homeOverview, INTERVIEW_SORTS, interviewAudit, listInterviews } from '../../store/overview.ts';
import { op } from '../operation.ts';

const filterText = z.string().max(200).nullish();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/, 'expected a date like 2025-06-30')
  .nullish();

/** The Home and Interviews screens: the database at a glance, paged lists, one interview's audit trail. */
export const overviewOps = {
  'overview/home': op({
    input: z.object({ top: z.number().int().min(1).max(1000).optional() }),
    run: (ctx, a) => homeOverview(ctx.db, a.top),
  }),
  'interviews/list': op({
    input: z.object({
      status: z.enum(['draft', 'final', 'void']).nullish(),
      surveyor: filterText,
      region: filterText,
      from: isoDate,
      to: isoDate,
      search: filterText,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      sort: z.enum(INTERVIEW_SORTS).default('updated'),
      descending: z.boolean().default(true),
    }),
    run: (ctx, a) => listInterviews(ctx.db, a),
  }),
  'interviews/audit': op({
    input: z.object({ interviewId: z.string().min(1).max(200) }),
    run: (ctx, a) => interviewAudit(ctx.db, a.interviewId),
  }),
};
