import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { takeTokenFromUrl } from './auth/token';

import './styles.css';

takeTokenFromUrl(window.location, window.history, sessionStorage);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
