import { Button, Card, Form, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QcSettings } from '../../../../src/quality/settings.ts';
import { call } from '../../api/client.ts';
import { ErrorAlert, useLoad } from '../../common.tsx';

/** The thresholds a supervisor sets for each check, kept in the database (qc/saveSettings). */
const FIELDS: { path: [keyof QcSettings, string]; min: number; max: number; step?: number }[] = [
  { path: ['speeding', 'minTotalMinutes'], min: 0, max: 600 },
  { path: ['speeding', 'maxFastShare'], min: 0, max: 1, step: 0.05 },
  { path: ['straightLining', 'minRun'], min: 3, max: 200 },
  { path: ['nonResponse', 'maxDontKnowShare'], min: 0, max: 1, step: 0.05 },
  { path: ['nonResponse', 'maxMissingShare'], min: 0, max: 1, step: 0.05 },
  { path: ['duplicates', 'maxDifferences'], min: 0, max: 10 },
  { path: ['hours', 'earliest'], min: 0, max: 23 },
  { path: ['hours', 'latest'], min: 1, max: 24 },
  { path: ['hours', 'maxPerDay'], min: 1, max: 200 },
  { path: ['surveyors', 'minInterviews'], min: 1, max: 10_000 },
];

export function QcSettingsCard({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => call<QcSettings>('qc/settings', {}), []);
  const scope = useLoad(() => call<{ approvedOnly: boolean; approved: number }>('analysis/scope', {}), []);
  const [scopeOn, setScopeOn] = useState<boolean>();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (loaded.data) form.setFieldsValue(loaded.data);
  }, [loaded.data, form]);

  async function save() {
    if (!loaded.data) return;
    setSaving(true);
    setError(undefined);
    try {
      // The form holds only the thresholds shown; every other setting is kept as loaded.
      const values = form.getFieldsValue(true) as Record<string, Record<string, unknown> | undefined>;
      const settings = Object.fromEntries(
        Object.entries(loaded.data).map(([group, v]) =>
          v && typeof v === 'object' && !Array.isArray(v) ? [group, { ...v, ...values[group] }] : [group, v],
        ),
      );
      await call('qc/saveSettings', { settings });
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  async function switchScope(on: boolean) {
    setError(undefined);
    try {
      const r = await call<{ approvedOnly: boolean }>('analysis/setScope', { approvedOnly: on });
      setScopeOn(r.approvedOnly);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card data-section="qc-settings">
      <ErrorAlert error={loaded.error ?? scope.error ?? error} />
      <Space direction="vertical" style={{ marginBottom: 16 }}>
        <Space>
          <Switch
            checked={scopeOn ?? scope.data?.approvedOnly ?? false}
            disabled={!scope.data}
            onChange={switchScope}
            data-input="approved-only"
          />
          <Typography.Text>{t('quality.approvedOnly')}</Typography.Text>
        </Space>
        <Typography.Text type="secondary">
          {t('quality.approvedOnlyNote', { count: scope.data?.approved ?? 0 })}
        </Typography.Text>
      </Space>
      <Typography.Paragraph type="secondary">{t('quality.settingsNote')}</Typography.Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ span: 10 }} wrapperCol={{ span: 6 }}>
        {FIELDS.map((f) => (
          <Form.Item key={f.path.join('.')} name={f.path} label={t(`quality.settings.${f.path.join('_')}`)}>
            <InputNumber min={f.min} max={f.max} step={f.step ?? 1} style={{ width: 140 }} />
          </Form.Item>
        ))}
      </Form>
      <Space>
        <Button type="primary" onClick={save} loading={saving} disabled={!loaded.data}>
          {t('quality.saveSettings')}
        </Button>
      </Space>
    </Card>
  );
}
