import { Button, Card, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, type Loaded } from '../../common.tsx';
import { ConflictCompare } from './ConflictCompare.tsx';
import type { ConflictSummary } from './shapes.ts';

/** Interviews whose versions from different laptops disagree (none was overwritten): listed, opened side by side. */
export function ConflictsCard({ list }: { list: Loaded<{ conflicts: ConflictSummary[] }> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string>();
  const conflicts = list.data?.conflicts ?? [];
  return (
    <Card data-section="conflicts">
      <Typography.Paragraph type="secondary">{t('packages.conflicts.hint')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      <Table<ConflictSummary>
        size="small"
        rowKey="interview_id"
        loading={list.loading}
        dataSource={conflicts}
        data-table="conflicts"
        pagination={conflicts.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <Empty description={t('packages.conflicts.none')} /> }}
        onRow={(r) =>
          ({
            'data-interview': r.interview_id,
            style: r.interview_id === open ? { background: '#e6f4ff' } : undefined,
          }) as object
        }
        columns={[
          {
            title: t('packages.conflicts.interviewId'),
            dataIndex: 'interview_id',
            render: (v: string) => <code>{v}</code>,
          },
          { title: t('packages.conflicts.surveyor'), dataIndex: 'surveyor', render: (v) => v ?? '—' },
          { title: t('packages.conflicts.region'), dataIndex: 'region_code', render: (v) => v ?? '—' },
          {
            title: t('packages.conflicts.versions'),
            dataIndex: 'versions',
            align: 'right',
            render: (v: number) => <span data-count="versions">{v}</span>,
          },
          {
            key: 'open',
            width: 120,
            render: (_, r) => (
              <Button size="small" onClick={() => setOpen(r.interview_id)} data-action="open-conflict">
                {t('packages.conflicts.open')}
              </Button>
            ),
          },
        ]}
      />
      {open && <ConflictCompare interviewId={open} />}
    </Card>
  );
}
