/**
 * Quality control of the final interviews in the database: the form's fields as the checks need them, the
 * supervisor's thresholds (kept in settings), the interviews in one read, and the checks of src/quality/.
 *
 *   qualityControl(db, { formId?, formVersion?, settings? }): QualityReport
 */
import { allFields, type Form, type SurveyNode } from '../form/model.ts';
import {
  defaultQcSettings,
  fastUnderMs,
  type QcForm,
  type QcSettings,
  type QcSettingsInput,
  type QualityReport,
  qcSettingsSchema,
  type ReviewState,
  runQualityChecks,
} from '../quality/index.ts';
import { schemeFromForm, validateScheme } from '../scoring/scheme.ts';
import { parseStoredForm } from '../scoring/stored-form.ts';
import type { SqlDriver } from '../store/driver.ts';
import { scoredSchemes } from '../store/estimate-runs.ts';
import { getSetting, latestReviews, putSetting, readQcInterviews } from '../store/quality.ts';
import { formsWithFinalInterviews } from '../store/scores.ts';
import { getSchemeRow } from '../store/scoring-schemes.ts';
import { backcheckReport } from './backcheck-compare.ts';

export type { QualityReport } from '../quality/index.ts';

export const QC_SETTINGS_KEY = 'quality.settings';

/** Types that hold no answer a respondent gave (shown text, computed values, the device's own records). */
const NOT_ANSWERS = new Set(['note', 'calculate', 'start', 'end', 'today', 'deviceid', 'username', 'audit']);

/** The form's answerable fields in order, with what each check needs of them. */
export function qcFormOf(form: Form, dontKnow: readonly string[]): QcForm {
  const conditional = new Set<string>();
  const walk = (nodes: readonly SurveyNode[], underCondition: boolean) => {
    for (const n of nodes) {
      if (n.kind === 'group') walk(n.children, underCondition || Boolean(n.relevant));
      else if (underCondition || n.relevant) conditional.add(n.name);
    }
  };
  walk(form.survey, false);
  const language = form.defaultLanguage ?? 'zh';
  return {
    dontKnow: new Set(dontKnow),
    fields: allFields(form)
      .filter((f) => !NOT_ANSWERS.has(f.type))
      .map((f) => {
        const label = f.label[language] ?? f.label.zh ?? Object.values(f.label)[0] ?? '';
        return {
          name: f.name,
          type: f.type,
          // What is read out: the label without its ${field} references.
          labelLength: [...label.replace(/\$\{[^}]*\}/g, '')].length,
          ...(f.listName ? { choices: (form.choices[f.listName] ?? []).map((c) => c.name) } : {}),
          scored: Boolean(f.scoring),
          alwaysAsked: !conditional.has(f.name),
        };
      }),
  };
}

export function qcSettingsOf(db: SqlDriver): QcSettings {
  const saved = getSetting<QcSettingsInput>(db, QC_SETTINGS_KEY);
  return saved ? qcSettingsSchema.parse(saved) : defaultQcSettings();
}

export function saveQcSettings(db: SqlDriver, input: QcSettingsInput, actor?: string | null): QcSettings {
  const settings = qcSettingsSchema.parse(input);
  putSetting(db, QC_SETTINGS_KEY, settings, actor);
  return settings;
}

export interface QualityRequest {
  formId?: string;
  formVersion?: string;
  /** Thresholds for this run only; without them the saved (or default) settings. */
  settings?: QcSettingsInput;
}

/** Runs every check on the final interviews of one form version (the one with the most, unless named). */
export function qualityControl(db: SqlDriver, request: QualityRequest = {}): QualityReport {
  const versions = formsWithFinalInterviews(db, request.formId).filter(
    (v) => !request.formVersion || v.version === request.formVersion,
  );
  if (versions.length === 0) {
    throw Object.assign(new Error('还没有已完成的问卷可供检查（no final interviews to check yet）。'), {
      code: 'not_found',
      userFacing: true,
    });
  }
  const counts = new Map(
    db
      .all<{ form_id: string; form_version: string; n: number }>(
        "SELECT form_id, form_version, count(*) AS n FROM interviews WHERE status = 'final' GROUP BY form_id, form_version",
      )
      .map((r) => [`${r.form_id}\u0001${r.form_version}`, r.n]),
  );
  versions.sort(
    (a, b) => (counts.get(`${b.form_id}\u0001${b.version}`) ?? 0) - (counts.get(`${a.form_id}\u0001${a.version}`) ?? 0),
  );
  const chosen = versions[0]!;
  const form = parseStoredForm(chosen.definition, chosen.form_id, chosen.version);
  const schemeId = scoredSchemes(db)[0]?.scheme_id ?? null;
  const schemeRow = schemeId ? getSchemeRow(db, schemeId) : undefined;
  const scheme = schemeRow ? validateScheme(JSON.parse(schemeRow.definition)) : schemeFromForm(form);
  const qcForm = qcFormOf(form, scheme.dontKnow);
  const settings = request.settings ? qcSettingsSchema.parse(request.settings) : qcSettingsOf(db);
  const fastUnder = new Map(qcForm.fields.map((f) => [f.name, fastUnderMs(f.labelLength, settings.speeding)]));
  const interviews = readQcInterviews(db, form, qcForm, schemeId, fastUnder);
  const failed = backcheckReport(db)
    .comparisons.filter((c) => c.failed && c.reason)
    .map((c) => ({ interviewId: c.interviewId, surveyor: c.surveyor, check: 'backcheck' as const, reason: c.reason! }));
  const result = runQualityChecks(interviews, qcForm, settings, failed);
  const flagged = new Set(result.flags.map((f) => f.interviewId));
  const interviewInfo: QualityReport['interviewInfo'] = {};
  for (const iv of interviews) {
    if (!flagged.has(iv.id)) continue;
    interviewInfo[iv.id] = {
      surveyor: iv.surveyor,
      psu: iv.psu,
      startedAt: iv.startedAt,
      minutes: iv.timing ? iv.timing.totalMs / 60_000 : null,
    };
  }
  const reviews: Record<string, ReviewState> = {};
  const ids = new Set(interviews.map((iv) => iv.id));
  for (const [id, r] of latestReviews(db)) if (ids.has(id)) reviews[id] = r.state;
  return {
    ...result,
    formId: form.formId,
    formVersion: form.version,
    scoringSchemeId: schemeId,
    settings,
    reviews,
    interviewInfo,
  };
}
