import { Form as AntForm, Button, Card, Col, Input, Row, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterviewRecord } from '../../../../src/store/interviews.ts';
import type { HomeOverview, InterviewListRow } from '../../../../src/store/overview.ts';
import { call } from '../../api/client.ts';
import { ErrorAlert, useLoad } from '../../common.tsx';
import { navigate } from '../../route.ts';
import { InterviewRunner } from './Runner.tsx';

const SURVEYOR_KEY = 'scilit.surveyor';

interface Surveyor {
  code: string;
  device: string;
}

function savedSurveyor(): Surveyor | null {
  try {
    const s = JSON.parse(localStorage.getItem(SURVEYOR_KEY) ?? 'null') as Surveyor | null;
    return s?.code ? s : null;
  } catch {
    return null;
  }
}

/** Asked once per laptop: who interviews and on which device (kept in this browser's storage). */
function SurveyorSetup({ initial, onDone }: { initial: Surveyor | null; onDone(s: Surveyor): void }) {
  const { t } = useTranslation();
  return (
    <Card title={t('interview.setupTitle')} style={{ maxWidth: 520 }} data-screen="surveyor-setup">
      <Typography.Paragraph type="secondary">{t('interview.setupHint')}</Typography.Paragraph>
      <AntForm
        layout="vertical"
        initialValues={initial ?? { code: '', device: '' }}
        onFinish={(v: Surveyor) => {
          const s = { code: v.code.trim(), device: v.device.trim() };
          localStorage.setItem(SURVEYOR_KEY, JSON.stringify(s));
          onDone(s);
        }}
      >
        <AntForm.Item
          name="code"
          label={t('interview.surveyorCode')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input autoFocus data-input="surveyorCode" />
        </AntForm.Item>
        <AntForm.Item
          name="device"
          label={t('interview.deviceName')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input data-input="deviceName" />
        </AntForm.Item>
        <Button type="primary" htmlType="submit" data-action="save-surveyor">
          {t('common.save')}
        </Button>
      </AntForm>
    </Card>
  );
}

interface StartValues {
  form: string;
  regionCode: string;
  psu: string;
  household: string;
}

function StartInterview({ surveyor, onChangeSurveyor }: { surveyor: Surveyor; onChangeSurveyor(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const overview = useLoad(() => call<HomeOverview>('overview/home', {}), []);
  const drafts = useLoad(
    () =>
      call<{ rows: InterviewListRow[] }>('interviews/page', {
        status: 'draft',
        surveyor: surveyor.code,
        limit: 50,
      }),
    [surveyor.code],
  );
  const forms = overview.data?.forms ?? [];

  const start = async (v: StartValues) => {
    const [formId, version] = JSON.parse(v.form) as [string, string];
    setBusy(true);
    try {
      const iv = await call<InterviewRecord>('interview/start', {
        formId,
        formVersion: version,
        surveyor: surveyor.code,
        device: surveyor.device,
        regionCode: v.regionCode.trim(),
        psu: v.psu.trim(),
        household: v.household.trim(),
      });
      navigate('interview', iv.interview_id);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div data-screen="interview-start">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('interview.startTitle')}</Typography.Title>
        <Space>
          <Typography.Text type="secondary">
            {t('interview.surveyorCode')}: <b>{surveyor.code}</b> · {t('interview.deviceName')}:{' '}
            <b>{surveyor.device}</b>
          </Typography.Text>
          <Button size="small" onClick={onChangeSurveyor}>
            {t('common.change')}
          </Button>
        </Space>
      </Space>
      <ErrorAlert error={error ?? overview.error} />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t('interview.newInterview')}>
            {forms.length > 0 && (
              <AntForm
                layout="vertical"
                onFinish={start}
                initialValues={{
                  form: JSON.stringify([forms[forms.length - 1]?.form_id, forms[forms.length - 1]?.version]),
                  regionCode: '',
                  psu: '',
                  household: '',
                }}
              >
                <AntForm.Item name="form" label={t('interview.form')} rules={[{ required: true }]}>
                  <Select
                    data-input="form"
                    options={forms.map((f) => ({
                      value: JSON.stringify([f.form_id, f.version]),
                      label: `${f.title} (${f.version})`,
                    }))}
                  />
                </AntForm.Item>
                <AntForm.Item
                  name="regionCode"
                  label={t('interview.region')}
                  rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                >
                  <Input autoFocus data-input="regionCode" />
                </AntForm.Item>
                <AntForm.Item
                  name="psu"
                  label={t('interview.psu')}
                  rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                >
                  <Input data-input="psu" />
                </AntForm.Item>
                <AntForm.Item
                  name="household"
                  label={t('interview.household')}
                  rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                >
                  <Input data-input="household" />
                </AntForm.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-action="start">
                  {t('interview.start')}
                </Button>
              </AntForm>
            )}
            {overview.data && forms.length === 0 && <Typography.Text>{t('interview.noForms')}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('interview.myDrafts')}>
            <Table
              size="small"
              rowKey="interview_id"
              dataSource={drafts.data?.rows ?? []}
              loading={drafts.loading}
              pagination={false}
              locale={{ emptyText: t('interview.noDrafts') }}
              onRow={(r) => ({ onClick: () => navigate('interview', r.interview_id), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('interview.household'), dataIndex: 'household' },
                { title: t('interview.region'), dataIndex: 'region_code' },
                { title: t('interviews.answered'), dataIndex: 'answered', align: 'right' },
                {
                  title: t('interviews.updated'),
                  dataIndex: 'updated_at',
                  render: (v: string) => v.slice(0, 16).replace('T', ' '),
                },
                {
                  title: '',
                  key: 'go',
                  render: (_, r) => (
                    <Button size="small" onClick={() => navigate('interview', r.interview_id)}>
                      {t('interviews.continue')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

export function InterviewScreen({ interviewId }: { interviewId?: string }) {
  const [surveyor, setSurveyor] = useState(savedSurveyor);
  const [editing, setEditing] = useState(false);
  if (interviewId) return <InterviewRunner interviewId={interviewId} />;
  if (!surveyor || editing)
    return (
      <SurveyorSetup
        initial={surveyor}
        onDone={(s) => {
          setSurveyor(s);
          setEditing(false);
        }}
      />
    );
  return <StartInterview surveyor={surveyor} onChangeSurveyor={() => setEditing(true)} />;
}
