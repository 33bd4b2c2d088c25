import { ArrowLeftOutlined, ArrowRightOutlined, CheckOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Progress, Result, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '../../../../src/form/model.ts';
import { allFields, labelOf } from '../../../../src/form/model.ts';
import type { InterviewRecord } from '../../../../src/store/interviews.ts';
import { call } from '../../api/client.ts';
import { ErrorAlert } from '../../common.tsx';
import { formLanguage } from '../../i18n.ts';
import { navigate } from '../../route.ts';
import { loadForm } from './formLoad.ts';
import { type Answers, type InterviewLogic, pageIsRelevant } from './logic.ts';
import { buildPages, pageOfField } from './pages.ts';
import { Question } from './Question.tsx';
import { makeLogic } from './runtimeLogic.ts';
import { ScoreCard } from './ScoreCard.tsx';

interface Loaded {
  interview: InterviewRecord;
  answers: Record<string, string | null>;
  form: Form;
  logic: InterviewLogic;
}

export function InterviewRunner({ interviewId }: { interviewId: string }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    setLoaded(undefined);
    (async () => {
      const { interview, answers } = await call<{ interview: InterviewRecord; answers: Record<string, string | null> }>(
        'interview/get',
        {
          interviewId,
        },
      );
      const form = await loadForm(interview.form_id, interview.form_version);
      if (live) setLoaded({ interview, answers, form, logic: makeLogic(form) });
    })().catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [interviewId]);
  if (error) return <ErrorAlert error={error} />;
  if (!loaded) return <Spin tip={t('common.loading')} />;
  return <Pages key={interviewId} {...loaded} />;
}

function Pages({ interview: initial, answers: savedAnswers, form, logic }: Loaded) {
  const { t, i18n } = useTranslation();
  const lang = formLanguage(i18n.language);
  const pages = useMemo(() => buildPages(form), [form]);
  const [interview, setInterview] = useState(initial);
  // The district asked at the start fills the form's own `region` question until the surveyor changes it.
  const [answers, setAnswers] = useState<Answers>(() =>
    savedAnswers.region == null && initial.region_code && allFields(form).some((f) => f.name === 'region')
      ? { ...savedAnswers, region: initial.region_code }
      : savedAnswers,
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [index, setIndex] = useState(() => {
    const at = pageOfField(pages, initial.current_field);
    if (at >= 0) return at;
    const first = pages.findIndex((p) => pageIsRelevant(logic, p, savedAnswers));
    return first >= 0 ? first : pages.length;
  });
  const shownAt = useRef(performance.now());
  const container = useRef<HTMLDivElement>(null);
  const draft = interview.status === 'draft';

  const relevantPages = pages.filter((p) => pageIsRelevant(logic, p, answers));
  const position = index >= pages.length ? relevantPages.length : relevantPages.indexOf(pages[index] ?? pages[0]!);
  const page = pages[index];

  /** Time on this screen since it was shown or last saved: the server adds it to the question's total. */
  const elapsed = () => {
    const now = performance.now();
    const ms = Math.round(now - shownAt.current);
    shownAt.current = now;
    return ms;
  };

  const save = useCallback(
    async (field: string, value: string | null, currentField: string | null, durationMs: number) => {
      await call('interview/saveAnswer', {
        interviewId: interview.interview_id,
        field,
        value,
        durationMs,
        currentField,
      });
    },
    [interview.interview_id],
  );

  /** Saves calculations that changed and clears answers that skip logic made irrelevant. */
  const saveDerived = async (next: Answers, currentField: string | null): Promise<Answers> => {
    const out: Record<string, string | null> = { ...next };
    for (const [name, value] of Object.entries(logic.calculations(next))) {
      if ((out[name] ?? null) !== value) {
        out[name] = value;
        await save(name, value, currentField, 0);
      }
    }
    for (const p of pages) {
      for (const f of p.fields) {
        if (out[f.name] != null && !logic.isRelevant(f, out)) {
          out[f.name] = null;
          await save(f.name, null, currentField, 0);
        }
      }
    }
    return out;
  };

  // Focus the first question of a new screen, so that keys work at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the screen changes
  useLayoutEffect(() => {
    shownAt.current = performance.now();
    const root = container.current;
    if (!root) return;
    const target =
      root.querySelector<HTMLElement>('[data-input] input, input[data-input]') ??
      root.querySelector<HTMLElement>('button.choice[tabindex="0"]') ??
      root.querySelector<HTMLElement>('[data-primary]');
    target?.focus();
  }, [index]);

  const answer = async (field: string, value: string | null, commit: boolean) => {
    const next = { ...answers, [field]: value };
    setAnswers(next);
    setProblems((p) => {
      const { [field]: _, ...rest } = p;
      return rest;
    });
    if (!commit) return;
    try {
      await save(field, value, page?.key ?? null, elapsed());
      setAnswers(await saveDerived(next, page?.key ?? null));
    } catch (e) {
      setError(e);
    }
  };

  const goNext = async () => {
    if (!page || busy) return;
    const found: Record<string, string> = {};
    for (const f of page.fields) {
      if (!logic.isRelevant(f, answers)) continue;
      const problem = logic.problem(f, answers, lang);
      if (problem) found[f.name] = problem;
    }
    setProblems(found);
    if (Object.keys(found).length) {
      container.current
        ?.querySelector<HTMLElement>(
          `[data-field="${Object.keys(found)[0]}"] input, [data-field="${Object.keys(found)[0]}"] button.choice[tabindex="0"]`,
        )
        ?.focus();
      return;
    }
    let nextIndex = index + 1;
    while (nextIndex < pages.length && !pageIsRelevant(logic, pages[nextIndex]!, answers)) nextIndex++;
    const currentField = pages[nextIndex]?.key ?? page.key;
    setBusy(true);
    try {
      let duration = elapsed();
      for (const f of page.fields) {
        if (f.type === 'note' || !logic.isRelevant(f, answers)) continue;
        await save(f.name, answers[f.name] ?? null, currentField, duration);
        duration = 0;
      }
      setAnswers(await saveDerived(answers, currentField));
      setIndex(nextIndex);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const goBack = () => {
    let prev = Math.min(index, pages.length) - 1;
    while (prev >= 0 && !pageIsRelevant(logic, pages[prev]!, answers)) prev--;
    if (prev >= 0) {
      setProblems({});
      setIndex(prev);
    }
  };

  const finalize = async () => {
    setBusy(true);
    try {
      const done = await call<InterviewRecord | undefined>('interview/finalize', {
        interviewId: interview.interview_id,
      });
      if (done) setInterview(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Keys: 1–9 choose, Enter goes on, Backspace goes back (outside text inputs).
  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {});
  keyHandler.current = (e: KeyboardEvent) => {
    if (!draft || busy || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement;
    const inInput = target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
    if (e.key === 'Enter') {
      if (target.tagName === 'BUTTON' && !target.classList.contains('choice')) return;
      e.preventDefault();
      if (index >= pages.length) void finalize();
      else void goNext();
      return;
    }
    if (inInput || !page) return;
    if (e.key === 'Backspace') {
      e.preventDefault();
      goBack();
      return;
    }
    if (/^[1-9]$/.test(e.key)) {
      const selects = page.fields.filter(
        (f) => (f.type === 'select_one' || f.type === 'select_multiple') && logic.isRelevant(f, answers),
      );
      const holder = target.closest<HTMLElement>('[data-select]')?.dataset.select;
      const field = selects.find((f) => f.name === holder) ?? selects[0];
      if (!field) return;
      const choice = logic.choices(field, answers)[Number(e.key) - 1];
      if (!choice) return;
      e.preventDefault();
      let value = choice.name;
      if (field.type === 'select_multiple') {
        const set = new Set((answers[field.name] ?? '').split(' ').filter(Boolean));
        if (set.has(choice.name)) set.delete(choice.name);
        else set.add(choice.name);
        value = logic
          .choices(field, answers)
          .map((c) => c.name)
          .filter((n) => set.has(n))
          .join(' ');
      }
      void answer(field.name, value || null, true);
      requestAnimationFrame(() =>
        container.current
          ?.querySelector<HTMLElement>(`[data-select="${field.name}"] [data-choice="${choice.name}"]`)
          ?.focus(),
      );
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const title = labelOf(form.title, lang, form.formId);
  const percentDone = relevantPages.length ? Math.round((100 * position) / relevantPages.length) : 100;

  return (
    <div ref={container} data-screen="interview-run" data-interview={interview.interview_id}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Space size={4} wrap>
          <Tag>
            {t('interview.household')}: {interview.household ?? '—'}
          </Tag>
          <Tag>
            {t('interview.region')}: {interview.region_code ?? '—'}
          </Tag>
          <Tag color={draft ? 'gold' : interview.status === 'final' ? 'green' : 'default'}>
            {t(`status.${interview.status}`)}
          </Tag>
        </Space>
      </Space>
      <Progress
        percent={draft ? percentDone : 100}
        aria-label={t('interview.progress')}
        format={() => `${Math.min(position, relevantPages.length)} / ${relevantPages.length}`}
        style={{ marginBottom: 16 }}
      />
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      {!draft ? (
        <Finished interview={interview} form={form} answers={answers} lang={lang} />
      ) : page ? (
        <Card className="question-card" data-page={page.key}>
          {page.group && (
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {labelOf(page.group.label, lang)}
            </Typography.Title>
          )}
          {page.fields
            .filter((f) => logic.isRelevant(f, answers))
            .map((f) => (
              <Question
                key={f.name}
                field={f}
                lang={lang}
                value={answers[f.name] ?? null}
                choices={logic.choices(f, answers)}
                problem={problems[f.name] ?? null}
                onChange={(value, commit) => void answer(f.name, value, commit)}
              />
            ))}
          <Space style={{ marginTop: 24, width: '100%', justifyContent: 'space-between' }}>
            <Button icon={<ArrowLeftOutlined />} onClick={goBack} disabled={position <= 0} data-action="back">
              {t('interview.back')}
            </Button>
            <Button
              type="primary"
              icon={<ArrowRightOutlined />}
              iconPlacement="end"
              loading={busy}
              onClick={goNext}
              data-action="next"
              data-primary
            >
              {t('interview.next')}
            </Button>
          </Space>
        </Card>
      ) : (
        <Card className="question-card" data-page="__end__">
          <Result
            status="info"
            title={t('interview.allAnswered')}
            subTitle={t('interview.finalizeHint')}
            extra={
              <Space>
                <Button icon={<ArrowLeftOutlined />} onClick={goBack} data-action="back">
                  {t('interview.back')}
                </Button>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={busy}
                  onClick={finalize}
                  data-primary
                  data-action="finalize"
                >
                  {t('interview.finalize')}
                </Button>
              </Space>
            }
          />
        </Card>
      )}
    </div>
  );
}

function Finished({
  interview,
  form,
  answers,
  lang,
}: {
  interview: InterviewRecord;
  form: Form;
  answers: Answers;
  lang: string;
}) {
  const { t } = useTranslation();
  return (
    <Card className="question-card" data-page="__finished__">
      <Result
        status={interview.status === 'final' ? 'success' : 'warning'}
        title={t(interview.status === 'final' ? 'interview.finalized' : 'interview.voided')}
        subTitle={interview.void_reason ?? undefined}
        extra={
          <Space>
            <Button type="primary" data-primary onClick={() => navigate('interview')}>
              {t('interview.startAnother')}
            </Button>
            <Button onClick={() => navigate('interviews')}>{t('nav.interviews')}</Button>
          </Space>
        }
      />
      {interview.status === 'final' && <ScoreCard form={form} answers={answers} />}
      <Descriptions size="small" column={1} bordered title={t('interview.answers')} style={{ marginTop: 16 }}>
        {buildPages(form).flatMap((p) =>
          p.fields
            .filter((f) => f.type !== 'note' && answers[f.name] != null)
            .map((f) => (
              <Descriptions.Item key={f.name} label={labelOf(f.label, lang, f.name)}>
                {answerText(form, f.name, answers[f.name] ?? null, lang)}
              </Descriptions.Item>
            )),
        )}
      </Descriptions>
    </Card>
  );
}

function answerText(form: Form, fieldName: string, value: string | null, lang: string): string {
  if (value == null) return '—';
  const field = buildPages(form)
    .flatMap((p) => p.fields)
    .find((f) => f.name === fieldName);
  if (!field?.listName) return value;
  const list = form.choices[field.listName] ?? [];
  return value
    .split(' ')
    .map((n) => labelOf(list.find((c) => c.name === n)?.label, lang, n))
    .join(' / ');
}
