import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, InputNumber, Row, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackcheckReport } from '../../../../src/quality/backcheck.ts';
import { call } from '../../api/client.ts';
import { downloadBase64, ErrorAlert, fileToBase64, percent, useLoad } from '../../common.tsx';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS_COLOR: Record<string, string> = { pending: 'default', done: 'green', unreachable: 'orange' };

/**
 * 回访复核: draw the back-checks, hand the call list to the back-checkers, import it filled in, and read the
 * discrepancy rates by kind of question and by surveyor (bcstats' tables). A failed back-check also flags its
 * interview in the quality checks.
 */
export function BackchecksTab({ onChanged }: { onChanged(): void }) {
  const { t } = useTranslation();
  const [tick, setTick] = useState(0);
  const report = useLoad(() => call<BackcheckReport>('backcheck/report', {}), [tick]);
  const [share, setShare] = useState(10);
  const [seed, setSeed] = useState(() => Math.floor(Math.random() * 100_000));
  const [flaggedFirst, setFlaggedFirst] = useState(true);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  async function run(what: string, job: () => Promise<void>) {
    setBusy(what);
    setError(undefined);
    setNotice(undefined);
    try {
      await job();
      setTick((n) => n + 1);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  }
  const draw = () =>
    run('draw', async () => {
      const r = await call<{ backchecks: unknown[] }>('backcheck/draw', { share: share / 100, seed, flaggedFirst });
      setNotice(t('quality.backchecks.drawn', { n: r.backchecks.length, seed }));
    });
  const exportList = () =>
    run('export', async () => {
      const x = await call<{ fileName: string; dataBase64: string }>('backcheck/callList', {});
      downloadBase64(x.dataBase64, x.fileName, XLSX_MIME);
    });
  const importList = (file: File) =>
    run('import', async () => {
      const r = await call<{ recorded: number; problems: { reason: { zh: string }; row?: number }[] }>(
        'backcheck/import',
        { fileName: file.name, data: await fileToBase64(file) },
      );
      setNotice(
        r.problems.length
          ? r.problems.map((p) => `${p.row ? `第 ${p.row} 行：` : ''}${p.reason.zh}`).join('；')
          : t('quality.backchecks.imported', { n: r.recorded }),
      );
    });

  const r = report.data;
  const done = r?.backchecks.filter((b) => b.status === 'done').length ?? 0;
  return (
    <div data-section="qc-backchecks">
      <ErrorAlert error={report.error ?? error} />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap align="center">
          <span>{t('quality.backchecks.share')}</span>
          <InputNumber min={1} max={100} value={share} onChange={(v) => setShare(v ?? 10)} addonAfter="%" />
          <span>{t('quality.backchecks.seed')}</span>
          <InputNumber min={0} max={2 ** 31} value={seed} onChange={(v) => setSeed(v ?? 0)} />
          <Checkbox checked={flaggedFirst} onChange={(e) => setFlaggedFirst(e.target.checked)}>
            {t('quality.backchecks.flaggedFirst')}
          </Checkbox>
          <Button type="primary" onClick={draw} loading={busy === 'draw'} data-action="draw-backchecks">
            {t('quality.backchecks.draw')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            onClick={exportList}
            loading={busy === 'export'}
            disabled={!r?.backchecks.length}
          >
            {t('quality.backchecks.callList')}
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void importList(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy === 'import'} disabled={!r?.backchecks.length}>
              {t('quality.backchecks.import')}
            </Button>
          </Upload>
        </Space>
        {notice && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="backcheck-notice">
            {notice}
          </Typography.Paragraph>
        )}
      </Card>
      {r && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}>
              <Card>
                <Statistic title={t('quality.backchecks.drawnCount')} value={r.backchecks.length} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t('quality.backchecks.done')} value={done} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t('quality.backchecks.factRate')} value={percent(r.stats.byKind.fact.rate)} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic
                  title={t('quality.backchecks.knowledgeRate')}
                  value={percent(r.stats.byKind.knowledge.rate)}
                />
              </Card>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('quality.backchecks.bySurveyor')}</Typography.Title>
          <Table
            size="small"
            rowKey="surveyor"
            pagination={false}
            dataSource={r.stats.bySurveyor}
            columns={[
              { title: t('quality.surveyor'), dataIndex: 'surveyor' },
              { title: t('quality.backchecks.done'), dataIndex: 'backchecks', align: 'right' },
              {
                title: t('quality.backchecks.failed'),
                dataIndex: 'failed',
                align: 'right',
                render: (n: number) => (n ? <b style={{ color: '#cf1322' }}>{n}</b> : n),
              },
              { title: t('quality.backchecks.factRate'), render: (_, s) => percent(s.fact.rate) },
              { title: t('quality.backchecks.knowledgeRate'), render: (_, s) => percent(s.knowledge.rate) },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('quality.backchecks.list')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="backcheckId"
            dataSource={r.backchecks}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('quality.surveyor'), dataIndex: 'surveyor' },
              { title: 'PSU', dataIndex: 'psu' },
              { title: t('quality.backchecks.household'), dataIndex: 'household' },
              {
                title: t('quality.backchecks.reason'),
                dataIndex: 'reason',
                render: (v: string) => t(`quality.backchecks.reasons.${v}`),
              },
              {
                title: t('quality.backchecks.status'),
                dataIndex: 'status',
                render: (v: string, b) => {
                  const failed = r.comparisons.find((c) => c.interviewId === b.interviewId)?.failed;
                  return (
                    <Space>
                      <Tag color={STATUS_COLOR[v]}>{t(`quality.backchecks.statuses.${v}`)}</Tag>
                      {failed && <Tag color="red">{t('quality.backchecks.failed')}</Tag>}
                    </Space>
                  );
                },
              },
              { title: t('quality.backchecks.checker'), dataIndex: 'checker' },
            ]}
          />
        </>
      )}
    </div>
  );
}
