import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../../interchange/base64.ts';
import { exportData } from '../../interchange/export/data.ts';
import { errorReportXlsx, importResponses, storedForm } from '../../interchange/responses/index.ts';
import { ensureCensusTargets } from '../../interchange/targets/census.ts';
import { importTargets } from '../../interchange/targets/import.ts';
import { formTemplateXlsx, templateColumnCount } from '../../interchange/template/template.ts';
import { listForms } from '../../store/forms.ts';
import { op } from '../operation.ts';

const fileInput = {
  fileName: z.string().min(1).max(500),
  /** The file's bytes, base64. */
  data: z.string().max(1_500_000_000),
};

/** Spreadsheets in, Excel out: imports of office files, templates, exports and the Excel report. */
export const interchangeOps = {
  'import/responses': op({
    long: true,
    input: z.object({
      ...fileInput,
      formId: z.string().min(1).max(200),
      version: z.string().min(1).max(100).optional(),
      dryRun: z.boolean().optional(),
      skipUnknownColumns: z.boolean().optional(),
      /** Also return the problem list as an .xlsx (base64) when there are problems. */
      withErrorReport: z.boolean().optional(),
    }),
    async run(ctx, a) {
      const result = await importResponses(ctx.db, base64ToBytes(a.data), {
        fileName: a.fileName,
        formId: a.formId,
        version: a.version,
        dryRun: a.dryRun,
        skipUnknownColumns: a.skipUnknownColumns,
        progress: ctx.progress,
        cancel: ctx.cancel,
      });
      const errorReport =
        a.withErrorReport && result.problems.length
          ? bytesToBase64(
              await errorReportXlsx({
                fileName: a.fileName,
                problems: result.problems,
                errorCount: result.errorCount,
                message: result.message,
              }),
            )
          : undefined;
      return { ...result, errorReport };
    },
  }),
  'form/template': op({
    input: z.object({
      formId: z.string().min(1).max(200),
      version: z.string().min(1).max(100).optional(),
      rows: z.number().int().min(1).max(100_000).optional(),
    }),
    async run(ctx, a) {
      const form = storedForm(ctx.db, a.formId, a.version);
      const bytes = await formTemplateXlsx(form, { rows: a.rows });
      return {
        fileName: `${form.formId}-${form.version}-录入模板.xlsx`,
        data: bytesToBase64(bytes),
        columns: templateColumnCount(form),
      };
    },
  }),
  'targets/import': op({
    long: true,
    input: z.object({
      ...fileInput,
      name: z.string().min(1).max(200).optional(),
      formId: z.string().min(1).max(200).optional(),
      tolerance: z.number().min(0).max(1).optional(),
      replace: z.boolean().optional(),
      /** Read and check only: the rows and problems come back, nothing is stored (the app's preview). */
      dryRun: z.boolean().optional(),
    }),
    run(ctx, a) {
      const formId =
        a.formId ??
        listForms(ctx.db).find((f) => f.form_id === 'civic_science_literacy')?.form_id ??
        listForms(ctx.db)[0]?.form_id;
      const form = formId ? storedForm(ctx.db, formId) : undefined;
      return importTargets(ctx.db, base64ToBytes(a.data), {
        fileName: a.fileName,
        name: a.name,
        form,
        tolerance: a.tolerance,
        replace: a.replace,
        dryRun: a.dryRun,
      });
    },
  }),
  'targets/ensureCensus': op({
    input: z.object({}),
    run: (ctx) => ({ targetSetId: ensureCensusTargets(ctx.db) }),
  }),
  /**
   * The respondent data with the design (stratum, PSU, every weight, replicate weights on request), as .csv, .sav,
   * .dta or .xlsx, and with `syntax` the .R/.do/.sps files that reproduce the headline estimates
   * (src/interchange/export/data.ts). `data` is the first file (the data), `files` all of them.
   */
  'export/data': op({
    long: true,
    input: z.object({
      formId: z.string().min(1).max(200).optional(),
      format: z.enum(['csv', 'sav', 'dta', 'xlsx']),
      labels: z.boolean().optional(),
      lang: z.enum(['zh', 'en']).optional(),
      weightingScheme: z.string().min(1).max(200).optional(),
      scoringSchemeId: z.string().min(1).max(200).optional(),
      replicates: z.enum(['jk1', 'jkn']).optional(),
      lonelyPsu: z.enum(['fail', 'remove', 'certainty', 'adjust', 'average']).optional(),
      syntax: z.boolean().optional(),
      /** File name stem of the exported files (letters, digits, - and _; default scilit-data). */
      stem: z
        .string()
        .regex(/^[\p{L}\p{N}_.-]{1,100}$/u)
        .optional(),
    }),
    async run(ctx, a) {
      ctx.progress?.(0, 'exporting');
      const { files } = await exportData(ctx.db, a);
      ctx.progress?.(1, 'exported');
      return {
        data: bytesToBase64(files[0]!.bytes),
        files: files.map((f) => ({ fileName: f.fileName, dataBase64: bytesToBase64(f.bytes) })),
      };
    },
  }),
};
