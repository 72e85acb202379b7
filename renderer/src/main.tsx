import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { connect } from './api/connection';
import { App } from './app/App';
import { applyTheme } from './app/theme';

applyTheme();
void connect();
createRoot(document.getElementById('root')!).render(<App />);
