import { DatabaseOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HomeOverview, StatusCounts } from '../../../src/store/overview.ts';
import { call, hasOperation } from '../api/client.ts';
import { ErrorAlert, useLoad } from '../common.tsx';
import { navigate } from '../route.ts';

function CountsTable<K extends 'surveyor' | 'region'>({
  rows,
  keyName,
  title,
}: {
  rows: (StatusCounts & { [k in K]: string | null })[];
  keyName: K;
  title: string;
}) {
  const { t } = useTranslation();
  return (
    <Card title={title} size="small">
      <Table
        size="small"
        pagination={rows.length > 8 ? { pageSize: 8, size: 'small' } : false}
        rowKey={(r) => String(r[keyName] ?? '')}
        dataSource={rows}
        columns={[
          { title: t(`home.${keyName as string}`), dataIndex: keyName as string, render: (v) => v ?? t('common.none') },
          { title: t('status.draft'), dataIndex: 'draft', align: 'right' },
          { title: t('status.final'), dataIndex: 'final', align: 'right' },
          { title: t('status.void'), dataIndex: 'void', align: 'right' },
          { title: t('common.total'), dataIndex: 'total', align: 'right' },
        ]}
      />
    </Card>
  );
}

export function HomeScreen() {
  const { t } = useTranslation();
  const overview = useLoad(() => call<HomeOverview>('overview/home', {}), []);
  const [demoOffered, setDemoOffered] = useState(false);
  const [loadingDemo, setLoadingDemo] = useState(false);
  const [demoError, setDemoError] = useState<unknown>();
  useEffect(() => {
    void hasOperation('demo/load').then(setDemoOffered);
  }, []);
  const o = overview.data;
  const empty = o && o.forms.length === 0 && o.interviews.total === 0;

  const loadDemo = async () => {
    setLoadingDemo(true);
    setDemoError(undefined);
    try {
      await call('demo/load', {});
      overview.reload();
    } catch (e) {
      setDemoError(e);
    } finally {
      setLoadingDemo(false);
    }
  };

  return (
    <div data-screen="home">
      <Typography.Title level={3}>{t('home.title')}</Typography.Title>
      <ErrorAlert error={overview.error ?? demoError} />
      {empty && (
        <Card style={{ marginBottom: 16 }}>
          <Empty image={<DatabaseOutlined style={{ fontSize: 48, color: '#bbb' }} />} description={t('home.empty')}>
            <Space>
              {demoOffered && (
                <Button type="primary" loading={loadingDemo} onClick={loadDemo}>
                  {t('home.loadDemo')}
                </Button>
              )}
              <Button onClick={() => navigate('forms')}>{t('home.importForm')}</Button>
            </Space>
          </Empty>
        </Card>
      )}
      {o && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={16}>
            <Col span={6}>
              <Card>
                <Statistic title={t('home.forms')} value={o.forms.length} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t('home.interviews')} value={o.interviews.total} />
              </Card>
            </Col>
            <Col span={4}>
              <Card>
                <Statistic title={t('status.final')} value={o.interviews.final} valueStyle={{ color: '#389e0d' }} />
              </Card>
            </Col>
            <Col span={4}>
              <Card>
                <Statistic title={t('status.draft')} value={o.interviews.draft} valueStyle={{ color: '#d48806' }} />
              </Card>
            </Col>
            <Col span={4}>
              <Card>
                <Statistic title={t('status.void')} value={o.interviews.void} valueStyle={{ color: '#8c8c8c' }} />
              </Card>
            </Col>
          </Row>
          <Card title={t('home.forms')} size="small">
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => `${r.form_id}@${r.version}`}
              dataSource={o.forms}
              locale={{ emptyText: t('home.noForms') }}
              columns={[
                { title: t('forms.title'), dataIndex: 'title' },
                { title: t('forms.formId'), dataIndex: 'form_id' },
                { title: t('forms.version'), dataIndex: 'version' },
                { title: t('home.interviews'), dataIndex: 'interviews', align: 'right' },
                {
                  title: t('forms.importedAt'),
                  dataIndex: 'imported_at',
                  render: (v: string) => v.slice(0, 19).replace('T', ' '),
                },
              ]}
            />
          </Card>
          <Row gutter={16}>
            <Col span={12}>
              <CountsTable rows={o.bySurveyor} keyName="surveyor" title={t('home.bySurveyor')} />
            </Col>
            <Col span={12}>
              <CountsTable rows={o.byRegion} keyName="region" title={t('home.byRegion')} />
            </Col>
          </Row>
          <Card title={t('home.lastImports')} size="small">
            <Table
              size="small"
              pagination={false}
              rowKey="batch_id"
              dataSource={o.lastImports}
              locale={{ emptyText: t('home.noImports') }}
              columns={[
                {
                  title: t('import.when'),
                  dataIndex: 'imported_at',
                  render: (v: string) => v.slice(0, 19).replace('T', ' '),
                },
                { title: t('import.kind'), dataIndex: 'kind', render: (v: string) => t(`import.kinds.${v}`) },
                { title: t('import.file'), dataIndex: 'file_name' },
                { title: t('import.added'), dataIndex: 'rows_added', align: 'right' },
                { title: t('import.skipped'), dataIndex: 'rows_skipped', align: 'right' },
                { title: t('import.conflicts'), dataIndex: 'rows_conflict', align: 'right' },
              ]}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}
