import { useEffect } from 'react';
import { useConnection } from '../api/connection-state';
import { BuildsPage } from '../features/builds';
import { ComposePage } from '../features/compose';
// The container details, builds and layers pages and the terminal panel are loaded on first use (ui/lazy-view):
// they carry xterm.js and most of the bundle, and their chunks are fetched while the browser is idle after the first paint.
import { ContainerDetailsPage } from '../features/container-details';
import { ContainersPage } from '../features/containers';
import { DashboardPage } from '../features/dashboard';
import { EnginePage } from '../features/engine';
import { EnginesPage } from '../features/engines';
import { ImagesPage } from '../features/images';
import { LayersPage } from '../features/layers';
import { LearnPage, WalkthroughPanel } from '../features/learn';
import { NetworksPage } from '../features/networks';
import { InWindowNotices, titleWithActivity, useNotifications } from '../features/notifications';
import { CommandPalette } from '../features/palette';
import { RegistriesPage } from '../features/registries';
import { ServicesPage } from '../features/services';
import { SettingsPage } from '../features/settings';
import { SwarmPage } from '../features/swarm';
import { TroubleshootPage } from '../features/troubleshoot';
import { VolumesPage } from '../features/volumes';
import { EmptyState } from '../ui/feedback';
import { OfflineIcon, TokenIcon } from '../ui/icons';
import { useRoute, type Route } from './router';
import { Sidebar } from './Sidebar';

function Page({ route, param }: { route: Route; param?: string }) {
  switch (route) {
    case 'dashboard':
      return <DashboardPage />;
    case 'containers':
      return param ? <ContainerDetailsPage key={param} id={param} /> : <ContainersPage />;
    case 'compose':
      return <ComposePage project={param} />;
    case 'engine':
      return <EnginePage />;
    case 'engines':
      return <EnginesPage />;
    case 'swarm':
      return <SwarmPage />;
    case 'volumes':
      return <VolumesPage />;
    case 'networks':
      return <NetworksPage />;
    case 'images':
      return param ? <LayersPage key={param} image={param} /> : <ImagesPage />;
    case 'registries':
      return <RegistriesPage />;
    case 'builds':
      return <BuildsPage />;
    case 'services':
      return <ServicesPage />;
    case 'settings':
      return <SettingsPage />;
    case 'troubleshoot':
      return <TroubleshootPage />;
    case 'learn':
      return <LearnPage />;
  }
}

/** Full page: the web host needs the token from the address it printed. */
function TokenNeeded({ stale }: { stale: boolean }) {
  return (
    <main className="main full-page">
      <EmptyState icon={TokenIcon} title={stale ? "This page's token is no longer valid" : 'This address needs its token'}>
        {stale && <p>Berth's web host was restarted, and each run has a new token.</p>}
        <p>
          Open the address printed by <code>berth web</code> (it carries this run's token). From a checkout of Berth, that is{' '}
          <code>npm run -s berth -- web</code>.
        </p>
      </EmptyState>
    </main>
  );
}

export function App() {
  const route = useRoute((s) => s.route);
  const param = useRoute((s) => s.param);
  const connection = useConnection((s) => s.state);
  const activity = useNotifications((s) => s.activity);
  useEffect(() => {
    document.title = titleWithActivity(`${route[0]!.toUpperCase()}${route.slice(1)} · Berth`, activity);
  }, [route, activity]);

  if (connection === 'no-token' || connection === 'stale-token') return <TokenNeeded stale={connection === 'stale-token'} />;
  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        {connection === 'lost' && (
          <div className="banner" role="alert">
            <OfflineIcon className="icon" aria-hidden />
            Lost connection to Berth — reconnecting…
          </div>
        )}
        <Page route={route} param={param} />
        <WalkthroughPanel />
      </main>
      <InWindowNotices />
      <CommandPalette />
    </div>
  );
}
