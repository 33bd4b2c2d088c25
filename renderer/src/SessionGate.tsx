import { Result, Spin } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SIGNED_OUT_EVENT, signIn } from './api/client.ts';

type State = 'checking' | 'signed-in' | 'signed-out';

/**
 * Shows the app once this browser is signed in to the loopback server (the desktop app always is). Without a
 * session it says, in the person's language, how to sign in, instead of showing screens that cannot load.
 * Pasting the printed address into this tab (only its #token part changes) signs in and reloads.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>('checking');
  useEffect(() => {
    let live = true;
    void signIn().then((s) => live && setState(s === 'signed-out' ? 'signed-out' : 'signed-in'));
    const onHash = () => {
      if (!/[#&?]token=/.test(window.location.href)) return;
      void signIn().then((s) => (s === 'signed-out' ? setState('signed-out') : window.location.reload()));
    };
    const onSignedOut = () => setState('signed-out');
    window.addEventListener('hashchange', onHash);
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => {
      live = false;
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
    };
  }, []);
  if (state === 'checking') {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin tip={t('session.checking')}>
          <div style={{ height: 48 }} />
        </Spin>
      </div>
    );
  }
  if (state === 'signed-out') {
    return (
      <div data-screen="signed-out" style={{ maxWidth: 720, margin: '64px auto' }}>
        <Result status="warning" title={t('session.signedOutTitle')} subTitle={t('session.signedOutBody')} />
      </div>
    );
  }
  return children;
}
