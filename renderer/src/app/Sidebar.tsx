import { useEffect } from 'react';
import { EngineStatusIndicator } from '../features/engine';
import { EngineSwitcher } from '../features/engines';
import { TransfersIndicator } from '../features/images';
import { CrashLoopsIndicator } from '../features/notifications';
import { useSettings } from '../features/settings';
import { Button } from '../ui/Button';
import {
  BrandIcon,
  BuildsIcon,
  ComposeIcon,
  ContainersIcon,
  DarkIcon,
  DashboardIcon,
  EngineIcon,
  EnginesIcon,
  ImagesIcon,
  LearnIcon,
  LightIcon,
  NetworksIcon,
  RegistriesIcon,
  ServicesIcon,
  SettingsIcon,
  SwarmIcon,
  TroubleshootIcon,
  VolumesIcon,
} from '../ui/icons';
import { navigate, ROUTES, useRoute, type Route } from './router';

const LINKS: Record<Route, { label: string; icon: typeof ContainersIcon }> = {
  dashboard: { label: 'Dashboard', icon: DashboardIcon },
  containers: { label: 'Containers', icon: ContainersIcon },
  compose: { label: 'Compose', icon: ComposeIcon },
  images: { label: 'Images', icon: ImagesIcon },
  registries: { label: 'Registries', icon: RegistriesIcon },
  builds: { label: 'Builds', icon: BuildsIcon },
  volumes: { label: 'Volumes', icon: VolumesIcon },
  networks: { label: 'Networks', icon: NetworksIcon },
  engine: { label: 'Engine', icon: EngineIcon },
  engines: { label: 'Engines', icon: EnginesIcon },
  swarm: { label: 'Swarm', icon: SwarmIcon },
  services: { label: 'Services', icon: ServicesIcon },
  settings: { label: 'Settings', icon: SettingsIcon },
  troubleshoot: { label: 'Troubleshoot', icon: TroubleshootIcon },
  learn: { label: 'Learn', icon: LearnIcon },
};

const isMac = navigator.platform.toLowerCase().includes('mac');

/** Ctrl+1…9 (Cmd on macOS) jumps to one of the first nine pages, in sidebar order (the ones after, Engines, Settings, Troubleshoot and Learn, have none). */
const SHORTCUTS = 9;
function useNavShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(isMac ? e.metaKey : e.ctrlKey) || e.altKey || e.shiftKey) return;
      const i = Number(e.key) - 1;
      if (i >= 0 && i < Math.min(SHORTCUTS, ROUTES.length)) {
        e.preventDefault();
        navigate(ROUTES[i]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function Sidebar() {
  const route = useRoute((s) => s.route);
  const theme = useSettings((s) => s.theme);
  const toggle = useSettings.getState().toggleTheme;
  useNavShortcuts();
  return (
    <aside className="sidebar">
      <div className="brand">
        <BrandIcon className="icon" aria-hidden />
        <span className="nav-label">Berth</span>
      </div>
      <EngineSwitcher />
      <nav className="nav" aria-label="Main">
        {ROUTES.map((r, i) => {
          const { label, icon: Icon } = LINKS[r];
          return (
            <a
              key={r}
              href={`#/${r}`}
              title={label}
              aria-current={route === r ? 'page' : undefined}
              aria-keyshortcuts={i < SHORTCUTS ? `${isMac ? 'Meta' : 'Control'}+${i + 1}` : undefined}
            >
              <Icon className="icon" aria-hidden />
              <span className="nav-label">{label}</span>
              {i < SHORTCUTS && (
                <kbd aria-hidden>
                  {isMac ? '⌘' : 'Ctrl+'}
                  {i + 1}
                </kbd>
              )}
            </a>
          );
        })}
      </nav>
      <CrashLoopsIndicator />
      <TransfersIndicator />
      <div className="sidebar-foot">
        <EngineStatusIndicator />
        <Button
          variant="ghost"
          icon={theme === 'dark' ? LightIcon : DarkIcon}
          aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          onClick={toggle}
        />
      </div>
    </aside>
  );
}
