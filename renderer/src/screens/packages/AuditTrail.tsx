import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../../src/store/overview.ts';
import { call } from '../../api/client.ts';
import { auditActionLabel, ErrorAlert, useLoad } from '../../common.tsx';

/** A correction's reason and what it changed, as a reviewer reads it; other details as JSON. */
function detailText(detail: unknown): string {
  if (detail == null) return '';
  const d = detail as { reason?: unknown; changes?: { field: string; from: unknown; to: unknown }[] };
  if (typeof d.reason === 'string' && Array.isArray(d.changes)) {
    const changes = d.changes.map((c) => `${c.field}: ${c.from ?? '∅'} → ${c.to ?? '∅'}`).join('; ');
    return `${d.reason} (${changes})`;
  }
  return JSON.stringify(detail);
}

/**
 * Every audit row of the interview, from every laptop that touched it (packages carry them): who corrected
 * what, where and why — what a reviewer needs to decide between the versions.
 */
export function AuditTrail({ interviewId }: { interviewId: string }) {
  const { t } = useTranslation();
  const audit = useLoad(() => call<AuditRow[]>('interviews/audit', { interviewId }), [interviewId]);
  return (
    <div data-section="conflict-audit" style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{t('packages.conflicts.audit.title')}</Typography.Title>
      <ErrorAlert error={audit.error} />
      <Table<AuditRow>
        size="small"
        rowKey="audit_id"
        loading={audit.loading}
        dataSource={audit.data ?? []}
        pagination={false}
        onRow={(r) => ({ 'data-action-name': r.action }) as object}
        columns={[
          {
            title: t('packages.conflicts.audit.at'),
            dataIndex: 'at',
            width: 180,
            render: (v: string) => v.slice(0, 19).replace('T', ' '),
          },
          { title: t('packages.conflicts.audit.actor'), dataIndex: 'actor', width: 110, render: (v) => v ?? '—' },
          { title: t('packages.conflicts.audit.device'), dataIndex: 'device', width: 140, render: (v) => v ?? '—' },
          {
            title: t('packages.conflicts.audit.action'),
            dataIndex: 'action',
            width: 150,
            render: (code: string) => auditActionLabel(t, code),
          },
          {
            title: t('packages.conflicts.audit.detail'),
            dataIndex: 'detail',
            render: (v: unknown) => <span style={{ wordBreak: 'break-word' }}>{detailText(v)}</span>,
          },
        ]}
      />
    </div>
  );
}
