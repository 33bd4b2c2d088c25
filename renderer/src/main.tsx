import { createRoot } from 'react-dom/client';
import './i18n.ts';
import { App } from './App.tsx';
import { captureToken } from './api/client.ts';
import './app.css';

captureToken();
const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
