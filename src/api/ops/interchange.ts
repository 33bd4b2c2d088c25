import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../../interchange/base64.ts';
import { exportData } from '../../interchange/export/data.ts';
import { errorReportXlsx, importResponses, storedForm } from '../../interchange/responses/index.ts';
import { ensureCensusTargets } from '../../interchange/targets/census.ts';
import { importTargets } from '../../interchange/targets/import.ts';
import { formTemplateXlsx, templateColumnCount } from '../../interchange/template/template.ts';
import { listForms } from '../../store/forms.ts';
import { ApiError, op } from '../operation.ts';

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
      });
    },
  }),
  'targets/ensureCensus': op({
    input: z.object({}),
    run: (ctx) => ({ targetSetId: ensureCensusTargets(ctx.db) }),
  }),
  'export/data': op({
    long: true,
    input: z.object({
      formId: z.string().min(1).max(200).optional(),
      format: z.enum(['csv', 'xlsx']),
      labels: z.boolean().optional(),
      lang: z.enum(['zh', 'en']).optional(),
    }),
    async run(ctx, a) {
      const forms = listForms(ctx.db);
      const formId =
        a.formId ?? forms.find((f) => f.form_id === 'civic_science_literacy')?.form_id ?? forms[0]?.form_id;
      if (!formId) throw new ApiError('not_found', 'this database has no form yet, so there is no data to export.');
      const bytes = await exportData(ctx.db, storedForm(ctx.db, formId), {
        format: a.format,
        labels: a.labels,
        lang: a.lang,
      });
      return { data: bytesToBase64(bytes) };
    },
  }),
};
