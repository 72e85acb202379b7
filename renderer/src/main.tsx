import { createRoot } from 'react-dom/client';
// xterm's stylesheet is loaded up front: CSS of lazily loaded chunks is not loaded by the bundle.
import '@xterm/xterm/css/xterm.css';
import './styles/app.css';
import './styles/terminal.css';
import './styles/layers.css';
import './styles/builds.css';
import './styles/palette.css';
import './styles/learn.css';
import './styles/layout.css';
import './styles/services.css';
import './styles/stacks.css';
import { App } from './app/App';
import { startApp } from './app/start';
import { preloadViews } from './ui/lazy-view';

startApp();
createRoot(document.getElementById('root')!).render(<App />);
preloadViews();
