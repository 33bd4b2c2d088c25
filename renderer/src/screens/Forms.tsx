import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function FormsScreen() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('nav.forms')}</Typography.Title>;
}
