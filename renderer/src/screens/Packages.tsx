import { Badge, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client.ts';
import { useLoad } from '../common.tsx';
import { navigate } from '../route.ts';
import { ConflictsCard } from './packages/ConflictsCard.tsx';
import { ExportCard } from './packages/ExportCard.tsx';
import { ImportCard } from './packages/ImportCard.tsx';
import { KeysCard } from './packages/KeysCard.tsx';
import type { ConflictSummary } from './packages/shapes.ts';

const TABS = ['export', 'import', 'conflicts', 'keys'] as const;

/**
 * Field packages: a surveyor's laptop exports its interviews as one file; the office imports many such files,
 * reviews the interviews whose versions disagree, and makes the key pair that keeps a lost USB stick unreadable.
 * The tab is in the URL (`#/packages/import`), so a reload stays on it.
 */
export function PackagesScreen({ tab }: { tab?: string }) {
  const { t } = useTranslation();
  const active = TABS.find((k) => k === tab) ?? 'export';
  const conflicts = useLoad(() => call<{ conflicts: ConflictSummary[] }>('package/conflicts', {}), []);
  const count = conflicts.data?.conflicts.length ?? 0;
  return (
    <div data-screen="packages">
      <Typography.Title level={3}>{t('packages.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('packages.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate('packages', k)}
        items={TABS.map((k) => ({
          key: k,
          label:
            k === 'conflicts' ? (
              <Badge count={count} size="small" offset={[8, -2]} data-testid="conflict-badge">
                <span data-tab={k}>{t(`packages.tabs.${k}`)}</span>
              </Badge>
            ) : (
              <span data-tab={k}>{t(`packages.tabs.${k}`)}</span>
            ),
          children:
            k === 'export' ? (
              <ExportCard />
            ) : k === 'import' ? (
              <ImportCard onImported={conflicts.reload} />
            ) : k === 'conflicts' ? (
              <ConflictsCard list={conflicts} />
            ) : (
              <KeysCard />
            ),
        }))}
      />
    </div>
  );
}
