import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { QualityReport } from '../../../src/quality/index.ts';
import type { CheckName } from '../../../src/quality/types.ts';
import { call } from '../api/client.ts';
import { downloadBase64, ErrorAlert, percent, useLoad } from '../common.tsx';
import { formLanguage } from '../i18n.ts';
import { BackchecksTab } from './quality/BackchecksTab.tsx';
import { REVIEW_COLOR, ReviewDrawer } from './quality/ReviewDrawer.tsx';
import { QcSettingsCard } from './quality/SettingsCard.tsx';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One flagged interview: its checks and reasons together. */
export interface FlaggedInterview {
  interviewId: string;
  surveyor: string | null;
  psu: string | null;
  day: string;
  minutes: number | null;
  checks: CheckName[];
  reasons: { check: CheckName; text: string }[];
}

function localDay(iso: string, offsetMinutes: number): string {
  return new Date(Date.parse(iso) + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * 质量控制: what a field manager looks at every evening — the surveyors who stand out and why, the flagged
 * interviews by surveyor, PSU and day (each one click from its review), the days of fieldwork, and the thresholds.
 */
export function QualityScreen() {
  const { t, i18n } = useTranslation();
  const lang = formLanguage(i18n.language) === 'en' ? 'en' : 'zh';
  const [version, setVersion] = useState(0);
  const report = useLoad(() => call<QualityReport>('qc/run', {}), [version]);
  const [tab, setTab] = useState('surveyors');
  const [surveyor, setSurveyor] = useState<string>();
  const [check, setCheck] = useState<CheckName>();
  const [day, setDay] = useState<string>();
  const [open, setOpen] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>();
  const r = report.data;

  const flagged = useMemo<FlaggedInterview[]>(() => {
    if (!r) return [];
    const byId = new Map<string, FlaggedInterview>();
    for (const f of r.flags) {
      let row = byId.get(f.interviewId);
      if (!row) {
        const info = r.interviewInfo[f.interviewId];
        row = {
          interviewId: f.interviewId,
          surveyor: f.surveyor,
          psu: info?.psu ?? null,
          day: info ? localDay(info.startedAt, r.settings.hours.utcOffsetMinutes) : '',
          minutes: info?.minutes ?? null,
          checks: [],
          reasons: [],
        };
        byId.set(f.interviewId, row);
      }
      if (!row.checks.includes(f.check)) row.checks.push(f.check);
      row.reasons.push({ check: f.check, text: f.reason[lang] ?? f.reason.zh ?? '' });
    }
    return [...byId.values()];
  }, [r, lang]);
  const shown = flagged.filter(
    (f) => (!surveyor || f.surveyor === surveyor) && (!check || f.checks.includes(check)) && (!day || f.day === day),
  );
  const standOut = r?.surveyors.surveyors.filter((s) => s.reasons.length > 0) ?? [];

  async function exportFlags() {
    setExporting(true);
    setExportError(undefined);
    try {
      const x = await call<{ fileName: string; dataBase64: string }>('qc/export', { lang });
      downloadBase64(x.dataBase64, x.fileName, XLSX_MIME);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  }
  const checkName = (c: CheckName) => t(`quality.checks.${c}`);

  return (
    <div data-screen="quality">
      <Space style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('quality.title')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => setVersion((v) => v + 1)} loading={report.loading}>
            {t('quality.rerun')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={exportFlags} loading={exporting} disabled={!r}>
            {t('quality.export')}
          </Button>
        </Space>
      </Space>
      <ErrorAlert error={report.error ?? exportError} />
      {r && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}>
              <Card>
                <Statistic title={t('quality.checked')} value={r.interviews} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t('quality.flaggedInterviews')} value={r.flaggedInterviews} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic
                  title={t('quality.standOut')}
                  value={standOut.length}
                  valueStyle={standOut.length ? { color: '#cf1322' } : undefined}
                  data-testid="stand-out"
                />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic
                  title={t('quality.icc')}
                  value={r.surveyors.icc.percent ?? undefined}
                  precision={3}
                  formatter={r.surveyors.icc.percent === null ? () => '—' : undefined}
                />
              </Card>
            </Col>
          </Row>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'surveyors',
                label: t('quality.tabs.surveyors'),
                children: (
                  <Table
                    size="small"
                    rowKey="surveyor"
                    data-section="qc-surveyors"
                    dataSource={r.surveyors.surveyors}
                    pagination={{ pageSize: 50, hideOnSinglePage: true }}
                    onRow={(s) => ({
                      onClick: () => {
                        setSurveyor(s.surveyor);
                        setTab('interviews');
                      },
                      style: { cursor: 'pointer' },
                      'data-surveyor': s.surveyor,
                    })}
                    columns={[
                      {
                        title: t('quality.surveyor'),
                        dataIndex: 'surveyor',
                        render: (v: string, s) => (s.reasons.length ? <b style={{ color: '#cf1322' }}>{v}</b> : v),
                      },
                      { title: t('quality.interviews'), dataIndex: 'interviews', align: 'right' },
                      {
                        title: t('quality.literate'),
                        render: (_, s) =>
                          s.literacy
                            ? `${percent(s.literacy.estimate)} (${percent(s.literacy.low)}–${percent(s.literacy.high)})`
                            : '—',
                      },
                      {
                        title: t('quality.expected'),
                        render: (_, s) => (s.funnel ? percent(s.funnel.expected) : '—'),
                      },
                      {
                        title: t('quality.flagged'),
                        align: 'right',
                        render: (_, s) => flagged.filter((f) => f.surveyor === s.surveyor).length,
                      },
                      {
                        title: t('quality.reasons'),
                        render: (_, s) => (
                          <Space direction="vertical" size={2}>
                            {s.reasons.map((x) => (
                              <span key={x.check} data-check={x.check}>
                                <Tag color="red">{checkName(x.check)}</Tag>
                                {x.reason[lang]}
                              </span>
                            ))}
                          </Space>
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'interviews',
                label: `${t('quality.tabs.interviews')} (${shown.length})`,
                children: (
                  <>
                    <Space style={{ marginBottom: 12 }} wrap>
                      <Select
                        allowClear
                        showSearch
                        placeholder={t('quality.surveyor')}
                        style={{ width: 180 }}
                        value={surveyor}
                        onChange={setSurveyor}
                        options={r.surveyors.surveyors.map((s) => ({ value: s.surveyor, label: s.surveyor }))}
                        data-filter="surveyor"
                      />
                      <Select
                        allowClear
                        placeholder={t('quality.check')}
                        style={{ width: 180 }}
                        value={check}
                        onChange={setCheck}
                        options={Object.keys(r.byCheck).map((c) => ({
                          value: c,
                          label: `${checkName(c as CheckName)} (${r.byCheck[c as CheckName]})`,
                        }))}
                      />
                      <Select
                        allowClear
                        placeholder={t('quality.day')}
                        style={{ width: 150 }}
                        value={day}
                        onChange={setDay}
                        options={r.days.map((d) => ({ value: d.date, label: `${d.date} (${d.flagged})` }))}
                      />
                    </Space>
                    <Table
                      size="small"
                      rowKey="interviewId"
                      data-section="qc-interviews"
                      dataSource={shown}
                      pagination={{ pageSize: 50, showSizeChanger: false }}
                      onRow={(f) => ({
                        onClick: () => setOpen(f.interviewId),
                        style: { cursor: 'pointer' },
                        'data-interview': f.interviewId,
                      })}
                      columns={[
                        { title: t('quality.surveyor'), dataIndex: 'surveyor' },
                        { title: 'PSU', dataIndex: 'psu' },
                        { title: t('quality.day'), dataIndex: 'day' },
                        {
                          title: t('quality.minutes'),
                          dataIndex: 'minutes',
                          align: 'right',
                          render: (m: number | null) => (m === null ? '—' : m.toFixed(1)),
                        },
                        {
                          title: t('quality.check'),
                          render: (_, f) => f.checks.map((c) => <Tag key={c}>{checkName(c)}</Tag>),
                        },
                        {
                          title: t('quality.reason'),
                          render: (_, f) => (
                            <Typography.Text ellipsis={{ tooltip: f.reasons.map((x) => x.text).join('\n') }}>
                              {f.reasons[0]?.text}
                            </Typography.Text>
                          ),
                        },
                        {
                          title: t('quality.review'),
                          render: (_, f) => {
                            const state = r.reviews[f.interviewId];
                            return state ? <Tag color={REVIEW_COLOR[state]}>{t(`quality.states.${state}`)}</Tag> : '—';
                          },
                        },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'days',
                label: t('quality.tabs.days'),
                children: (
                  <ResponsiveContainer width="100%" height={320}>
                    <LineChart data={r.days}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="date" />
                      <YAxis allowDecimals={false} />
                      <Tooltip />
                      <Legend />
                      <Line dataKey="interviews" name={t('quality.finalized')} stroke="#1677ff" dot={false} />
                      <Line dataKey="flagged" name={t('quality.flaggedInterviews')} stroke="#cf1322" dot={false} />
                    </LineChart>
                  </ResponsiveContainer>
                ),
              },
              {
                key: 'funnel',
                label: t('quality.tabs.funnel'),
                children: (
                  <>
                    <Typography.Paragraph type="secondary">{t('quality.funnelNote')}</Typography.Paragraph>
                    <ResponsiveContainer width="100%" height={360}>
                      <ScatterChart>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis type="number" dataKey="n" name={t('quality.interviews')} />
                        <YAxis type="number" dataKey="rate" name={t('quality.literate')} unit="%" />
                        <Tooltip
                          cursor={{ strokeDasharray: '3 3' }}
                          formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v ?? ''))}
                        />
                        <Legend />
                        <Scatter
                          name={t('quality.observed')}
                          fill="#1677ff"
                          data={r.surveyors.surveyors
                            .filter((s) => s.funnel && !s.reasons.length)
                            .map((s) => ({ n: s.interviews, rate: 100 * s.funnel!.observed, surveyor: s.surveyor }))}
                        />
                        <Scatter
                          name={t('quality.standOut')}
                          fill="#cf1322"
                          data={standOut
                            .filter((s) => s.funnel)
                            .map((s) => ({ n: s.interviews, rate: 100 * s.funnel!.observed, surveyor: s.surveyor }))}
                        />
                        <Scatter
                          name={t('quality.expected')}
                          fill="#bfbfbf"
                          shape="cross"
                          data={r.surveyors.surveyors
                            .filter((s) => s.funnel)
                            .map((s) => ({ n: s.interviews, rate: 100 * s.funnel!.expected, surveyor: s.surveyor }))}
                        />
                      </ScatterChart>
                    </ResponsiveContainer>
                  </>
                ),
              },
              {
                key: 'backchecks',
                label: t('quality.tabs.backchecks'),
                children: <BackchecksTab onChanged={() => setVersion((v) => v + 1)} />,
              },
              {
                key: 'settings',
                label: t('quality.tabs.settings'),
                children: <QcSettingsCard onSaved={() => setVersion((v) => v + 1)} />,
              },
            ]}
          />
        </>
      )}
      <ReviewDrawer
        interviewId={open}
        flags={flagged.find((f) => f.interviewId === open)}
        onClose={() => setOpen(undefined)}
        onReviewed={() => setVersion((v) => v + 1)}
      />
    </div>
  );
}
