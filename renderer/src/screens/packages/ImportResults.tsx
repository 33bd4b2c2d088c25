import { Alert, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportOutcome } from './shapes.ts';

type Outcome = 'merged' | 'already' | 'refused' | 'conflicts';
const OUTCOME_COLOR: Record<Outcome, string> = {
  merged: 'green',
  already: 'blue',
  refused: 'red',
  conflicts: 'orange',
};

function outcomeOf(r: ImportOutcome): Outcome {
  if (!r.ok) return 'refused';
  if (r.summary.alreadyImported) return 'already';
  return r.summary.conflicts.length ? 'conflicts' : 'merged';
}

const COUNTS = ['interviews', 'added', 'superseded', 'identical', 'older'] as const;

/** One row per package file: what it brought, or why it was refused (the core's message as it is). */
export function ImportResults({ results }: { results: ImportOutcome[] }) {
  const { t } = useTranslation();
  const merged = results.filter((r) => r.ok);
  const refused = results.length - merged.length;
  const already = merged.filter((r) => r.ok && r.summary.alreadyImported).length;
  const added = merged.reduce((n, r) => n + (r.ok ? r.summary.added : 0), 0);
  const conflicted = merged.reduce((n, r) => n + (r.ok ? r.summary.conflicts.length : 0), 0);
  return (
    <div data-section="import-results" style={{ marginTop: 16 }}>
      <Alert
        type={refused ? 'warning' : conflicted ? 'info' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        title={t('packages.import.summary', { merged: merged.length - already, already, refused, added })}
        description={conflicted ? t('packages.import.conflictNote', { count: conflicted }) : undefined}
        data-summary-added={added}
      />
      <Table<ImportOutcome>
        size="small"
        rowKey={(r, i) => `${i}-${r.fileName}`}
        dataSource={results}
        pagination={results.length > 20 ? { pageSize: 20 } : false}
        onRow={(r) => ({ 'data-file': r.fileName ?? '', 'data-outcome': outcomeOf(r) }) as object}
        columns={[
          {
            title: t('packages.import.file'),
            key: 'file',
            width: 200,
            render: (_, r) => <span style={{ wordBreak: 'break-all' }}>{r.fileName}</span>,
          },
          {
            title: t('packages.import.outcome'),
            key: 'outcome',
            width: 110,
            render: (_, r) => (
              <Tag color={OUTCOME_COLOR[outcomeOf(r)]}>{t(`packages.import.outcomes.${outcomeOf(r)}`)}</Tag>
            ),
          },
          ...COUNTS.map((c) => ({
            title: t(`packages.import.${c}`),
            key: c,
            align: 'right' as const,
            width: 80,
            render: (_: unknown, r: ImportOutcome) => (r.ok ? <span data-count={c}>{r.summary[c]}</span> : '—'),
          })),
          {
            title: t('packages.import.conflicts'),
            key: 'conflicts',
            align: 'right' as const,
            width: 72,
            render: (_, r) =>
              r.ok ? (
                <span data-count="conflicts" style={r.summary.conflicts.length ? { color: '#d46b08' } : undefined}>
                  {r.summary.conflicts.length}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('packages.import.note'),
            key: 'note',
            render: (_, r) => <Note result={r} />,
          },
        ]}
      />
    </div>
  );
}

function Note({ result: r }: { result: ImportOutcome }) {
  const { t } = useTranslation();
  if (!r.ok) {
    return (
      <span data-error={r.error.code}>
        <Typography.Text type="danger">
          {t(`packages.errors.${r.error.code}`, { defaultValue: t('packages.errors.other') })}
        </Typography.Text>
        <br />
        <Typography.Text type="secondary" data-message>
          {r.error.message}
        </Typography.Text>
      </span>
    );
  }
  const s = r.summary;
  const notes: string[] = [];
  if (s.alreadyImported) notes.push(t('packages.import.alreadyNote'));
  if (s.conflicts.length) notes.push(t('packages.import.conflictNote', { count: s.conflicts.length }));
  if (s.formsAdded) notes.push(t('packages.import.formsAdded', { count: s.formsAdded }));
  return <span>{notes.join(' ')}</span>;
}
