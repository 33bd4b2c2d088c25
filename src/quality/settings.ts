import { z } from 'zod';

/**
 * The thresholds of the quality checks (质量控制), which a supervisor can change. Defaults follow what field teams use:
 * SurveyCTO's speed violations (a share of questions faster than their reading time), IPA's ipacheck (straight-lining,
 * don't-know and missing shares, duplicates, out-of-hours), and a funnel of surveyors against the overall rate.
 */
export const qcSettingsSchema = z
  .object({
    speeding: z
      .object({
        /** An interview shorter than this (sum of the time on each question) is rushed. */
        minTotalMinutes: z.number().min(0).max(600).default(8),
        /** Reading time of a question: its label's characters × this; 5 Chinese characters a second read aloud. */
        msPerCharacter: z.number().min(0).max(5000).default(200),
        /** A question answered in less than this share of its reading time is too fast. */
        readingShare: z.number().min(0).max(1).default(0.5),
        /** An interview with more than this share of its questions too fast is rushed. */
        maxFastShare: z.number().min(0).max(1).default(0.5),
      })
      .default({ minTotalMinutes: 8, msPerCharacter: 200, readingShare: 0.5, maxFastShare: 0.5 }),
    straightLining: z
      .object({
        /** Consecutive single-choice questions answered with the same position (1st, 2nd, ...) that make a flag. */
        minRun: z.number().int().min(3).max(200).default(10),
      })
      .default({ minRun: 10 }),
    nonResponse: z
      .object({
        /** Share of the scored questions answered 不知道. */
        maxDontKnowShare: z.number().min(0).max(1).default(0.6),
        /** Share of the relevant questions without an answer. */
        maxMissingShare: z.number().min(0).max(1).default(0.2),
      })
      .default({ maxDontKnowShare: 0.6, maxMissingShare: 0.2 }),
    duplicates: z
      .object({
        /** Two interviews whose answers differ in at most this many questions are near-duplicates. */
        maxDifferences: z.number().int().min(0).max(10).default(2),
        /** Only interviews with at least this many answers are compared (short ones agree by chance). */
        minAnswers: z.number().int().min(1).max(1000).default(20),
      })
      .default({ maxDifferences: 2, minAnswers: 20 }),
    hours: z
      .object({
        /** Local working hours: an interview started before `earliest` or at/after `latest` o'clock is flagged. */
        earliest: z.number().int().min(0).max(23).default(7),
        latest: z.number().int().min(1).max(24).default(22),
        /** The survey's local time as minutes east of UTC (China: +480). */
        utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
        /** More interviews than this by one surveyor in one day is flagged. */
        maxPerDay: z.number().int().min(1).max(200).default(15),
      })
      .default({ earliest: 7, latest: 22, utcOffsetMinutes: 480, maxPerDay: 15 }),
    surveyors: z
      .object({
        /** Surveyors with fewer final interviews are listed but never flagged. */
        minInterviews: z.number().int().min(1).max(10_000).default(20),
        /** Family-wise level of the surveyor tests (Bonferroni over surveyors and checks). */
        alpha: z.number().gt(0).lt(0.5).default(0.01),
        /** A surveyor is flagged for a check only when at least this share of their interviews has it. */
        minFlaggedShare: z.number().min(0).max(1).default(0.25),
      })
      .default({ minInterviews: 20, alpha: 0.01, minFlaggedShare: 0.25 }),
    /** Consistency rules the form's constraints do not catch: an expression over the form's fields that is TRUE
     * when the answers are implausible together, with the reason shown to the supervisor. */
    consistency: z
      .array(
        z.object({
          name: z.string().min(1).max(100),
          rule: z.string().min(1).max(2000),
          reason: z.object({ zh: z.string().min(1).max(500), en: z.string().min(1).max(500) }),
        }),
      )
      .max(200)
      .optional(),
  })
  .strict();

export type QcSettings = z.output<typeof qcSettingsSchema>;
export type QcSettingsInput = z.input<typeof qcSettingsSchema>;

export const defaultQcSettings = (): QcSettings => qcSettingsSchema.parse({});
