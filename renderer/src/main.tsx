import { createRoot } from 'react-dom/client';
import './i18n.ts';
import { App } from './App.tsx';
import { SessionGate } from './SessionGate.tsx';
import './app.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <SessionGate>
      <App />
    </SessionGate>,
  );
