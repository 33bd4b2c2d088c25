import { Button, Card, DatePicker, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterviewListRow } from '../../../src/store/overview.ts';
import { call } from '../api/client.ts';
import { ErrorAlert, useLoad } from '../common.tsx';
import { navigate } from '../route.ts';

const PAGE = 50;
const STATUS_COLOR: Record<string, string> = { draft: 'gold', final: 'green', void: 'default' };

interface Filters {
  status?: string;
  surveyor?: string;
  region?: string;
  from?: string;
  to?: string;
  search?: string;
}

/** Every interview, filtered and paged on the server (each page is one indexed query, fast at 100,000 rows). */
export function InterviewsScreen() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>();
  const [voiding, setVoiding] = useState<InterviewListRow>();
  const [reason, setReason] = useState('');
  const list = useLoad(
    () =>
      call<{ total: number; rows: InterviewListRow[] }>('interviews/list', {
        ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
        offset: (page - 1) * PAGE,
        limit: PAGE,
      }),
    [filters, page],
  );
  const set = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const finalize = async (id: string) => {
    try {
      await call('interview/finalize', { interviewId: id });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const doVoid = async () => {
    if (!voiding) return;
    try {
      await call('interview/void', { interviewId: voiding.interview_id, reason: reason.trim() });
      setVoiding(undefined);
      setReason('');
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-screen="interviews">
      <Typography.Title level={3}>{t('nav.interviews')}</Typography.Title>
      <ErrorAlert error={error ?? list.error} onClose={() => setError(undefined)} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('interviews.status')}
            style={{ width: 130 }}
            value={filters.status}
            onChange={(v) => set({ status: v })}
            options={['draft', 'final', 'void'].map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
          <Input
            allowClear
            placeholder={t('home.surveyor')}
            style={{ width: 130 }}
            onChange={(e) => set({ surveyor: e.target.value })}
          />
          <Input
            allowClear
            placeholder={t('interview.region')}
            style={{ width: 130 }}
            onChange={(e) => set({ region: e.target.value })}
          />
          <DatePicker.RangePicker
            onChange={(_, s) => set({ from: s?.[0] || undefined, to: s?.[1] || undefined })}
            placeholder={[t('interviews.from'), t('interviews.to')]}
          />
          <Input.Search
            allowClear
            placeholder={t('interviews.search')}
            style={{ width: 260 }}
            onSearch={(v) => set({ search: v })}
          />
        </Space>
      </Card>
      <Table
        size="small"
        rowKey="interview_id"
        loading={list.loading}
        dataSource={list.data?.rows ?? []}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (n) => t('interviews.total', { n }),
        }}
        scroll={{ y: 560 }}
        columns={[
          {
            title: t('interviews.id'),
            dataIndex: 'interview_id',
            width: 120,
            render: (v: string) => <code>{v.slice(0, 8)}</code>,
          },
          {
            title: t('interviews.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag>,
          },
          { title: t('home.surveyor'), dataIndex: 'surveyor', width: 100 },
          { title: t('interview.region'), dataIndex: 'region_code', width: 100 },
          { title: 'PSU', dataIndex: 'psu', width: 130 },
          { title: t('interview.household'), dataIndex: 'household', width: 170 },
          { title: t('interviews.answered'), dataIndex: 'answered', width: 80, align: 'right' },
          {
            title: t('interviews.updated'),
            dataIndex: 'updated_at',
            width: 150,
            render: (v: string) => v.slice(0, 16).replace('T', ' '),
          },
          {
            title: '',
            key: 'actions',
            render: (_, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => navigate('interview', r.interview_id)}>
                  {r.status === 'draft' ? t('interviews.continue') : t('interviews.open')}
                </Button>
                {r.status === 'draft' && (
                  <Button size="small" onClick={() => void finalize(r.interview_id)}>
                    {t('interview.finalize')}
                  </Button>
                )}
                {r.status !== 'void' && (
                  <Button size="small" danger onClick={() => setVoiding(r)}>
                    {t('interviews.void')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!voiding}
        title={t('interviews.voidTitle')}
        okText={t('interviews.void')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText={t('common.cancel')}
        onOk={doVoid}
        onCancel={() => setVoiding(undefined)}
      >
        <Typography.Paragraph>{t('interviews.voidHint')}</Typography.Paragraph>
        <Input.TextArea
          autoFocus
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('interviews.reason')}
        />
      </Modal>
    </div>
  );
}
