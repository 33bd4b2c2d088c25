import {
  BarChartOutlined,
  CloudUploadOutlined,
  EditOutlined,
  FileTextOutlined,
  HomeOutlined,
  SlidersOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Layout, Menu, Segmented } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, type UiLanguage } from './i18n.ts';
import { navigate, useRoute } from './route.ts';
import { FormsScreen } from './screens/Forms.tsx';
import { HomeScreen } from './screens/Home.tsx';
import { ImportScreen } from './screens/Import.tsx';
import { InterviewsScreen } from './screens/Interviews.tsx';
import { InterviewScreen } from './screens/interview/InterviewScreen.tsx';
import { ResultsScreen } from './screens/Results.tsx';
import { WeightingScreen } from './screens/Weighting.tsx';

const screens: { key: string; icon: ReactNode }[] = [
  { key: 'home', icon: <HomeOutlined /> },
  { key: 'interview', icon: <EditOutlined /> },
  { key: 'interviews', icon: <UnorderedListOutlined /> },
  { key: 'forms', icon: <FileTextOutlined /> },
  { key: 'import', icon: <CloudUploadOutlined /> },
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
              <Screen screen={route.screen} params={route.params} />
            </main>
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
