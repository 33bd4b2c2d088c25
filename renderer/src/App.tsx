import {
  BarChartOutlined,
  CloudUploadOutlined,
  EditOutlined,
  FileTextOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  SlidersOutlined,
  SwapOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Layout, Menu, Segmented, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, type UiLanguage } from './i18n.ts';
import { navigate, useRoute } from './route.ts';
import { HomeScreen } from './screens/Home.tsx';
import { InterviewsScreen } from './screens/Interviews.tsx';

// Home and Interviews are in the first script (they must show data within a second of opening, issue 8); the
// other screens (charts, the form engine, the scorer) load when first opened.
const FormsScreen = lazy(() => import('./screens/Forms.tsx').then((m) => ({ default: m.FormsScreen })));
const ImportScreen = lazy(() => import('./screens/Import.tsx').then((m) => ({ default: m.ImportScreen })));
const InterviewScreen = lazy(() =>
  import('./screens/interview/InterviewScreen.tsx').then((m) => ({ default: m.InterviewScreen })),
);
const PackagesScreen = lazy(() => import('./screens/Packages.tsx').then((m) => ({ default: m.PackagesScreen })));
const QualityScreen = lazy(() => import('./screens/Quality.tsx').then((m) => ({ default: m.QualityScreen })));
const ResultsScreen = lazy(() => import('./screens/Results.tsx').then((m) => ({ default: m.ResultsScreen })));
const WeightingScreen = lazy(() => import('./screens/Weighting.tsx').then((m) => ({ default: m.WeightingScreen })));

const screens: { key: string; icon: ReactNode }[] = [
  { key: 'home', icon: <HomeOutlined /> },
  { key: 'interview', icon: <EditOutlined /> },
  { key: 'interviews', icon: <UnorderedListOutlined /> },
  { key: 'forms', icon: <FileTextOutlined /> },
  { key: 'import', icon: <CloudUploadOutlined /> },
  { key: 'packages', icon: <SwapOutlined /> },
  { key: 'quality', icon: <SafetyCertificateOutlined /> },
  { key: 'weighting', icon: <SlidersOutlined /> },
  { key: 'results', icon: <BarChartOutlined /> },
];

function Screen({ screen, params }: { screen: string; params: string[] }) {
  switch (screen) {
    case 'interview':
      return <InterviewScreen interviewId={params[0]} />;
    case 'interviews':
      return <InterviewsScreen />;
    case 'forms':
      return <FormsScreen />;
    case 'import':
      return <ImportScreen />;
    case 'packages':
      return <PackagesScreen tab={params[0]} />;
    case 'quality':
      return <QualityScreen />;
    case 'weighting':
      return <WeightingScreen />;
    case 'results':
      return <ResultsScreen />;
    default:
      return <HomeScreen />;
  }
}

export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as UiLanguage;
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { borderRadius: 6 } }}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', paddingInline: 0 }}>
            <div className="scilit-brand">{t('app.title')}</div>
            <Menu
              theme="dark"
              mode="horizontal"
              selectedKeys={[route.screen]}
              style={{ flex: 1, minWidth: 0 }}
              items={screens.map((s) => ({ key: s.key, icon: s.icon, label: t(`nav.${s.key}`) }))}
              onClick={(e) => navigate(e.key)}
            />
            <Segmented
              aria-label={t('app.language')}
              style={{ marginInline: 16 }}
              value={lang}
              onChange={(v) => setLanguage(v as UiLanguage)}
              options={[
                { value: 'zh-CN', label: t('language.zh') },
                { value: 'en', label: t('language.en') },
              ]}
            />
          </Layout.Header>
          <Layout.Content>
            <main className="scilit-screen">
              <Suspense fallback={<Spin />}>
                <Screen screen={route.screen} params={route.params} />
              </Suspense>
            </main>
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
