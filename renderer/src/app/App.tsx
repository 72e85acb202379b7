import { useEffect } from 'react';
import { useConnection } from '../api/connection';
import { ContainersPage } from '../features/containers/ContainersPage';
import { ContainerDetailsPage } from '../features/container-details/ContainerDetailsPage';
import { watchContainers } from '../features/containers/containers-store';
import { EnginePage } from '../features/engine/EnginePage';
import { watchEngine } from '../features/engine/engine-store';
import { ComingSoon } from '../features/placeholders/ComingSoon';
import { VolumesPage } from '../features/volumes/VolumesPage';
import { ImagesPage } from '../features/images/ImagesPage';
import { EmptyState } from '../ui/feedback';
import { OfflineIcon, TokenIcon } from '../ui/icons';
import { useRoute, type Route } from './router';
import { Sidebar } from './Sidebar';

function Page({ route, param }: { route: Route; param?: string }) {
  switch (route) {
    case 'containers':
      return param ? <ContainerDetailsPage key={param} id={param} /> : <ContainersPage />;
    case 'engine':
      return <EnginePage />;
    case 'volumes':
      return <VolumesPage />;
    case 'images':
      return <ImagesPage />;
    case 'builds':
      return <ComingSoon page={route} />;
  }
}

export function App() {
  const route = useRoute((s) => s.route);
  const param = useRoute((s) => s.param);
  const connection = useConnection((s) => s.state);
  useEffect(() => {
    const stops = [watchEngine(), watchContainers()];
    return () => stops.forEach((stop) => stop());
  }, []);
  useEffect(() => {
    document.title = `${route[0]!.toUpperCase()}${route.slice(1)} · Berth`;
  }, [route]);

  if (connection === 'no-token') {
    return (
      <main className="main">
        <EmptyState icon={TokenIcon} title="This address needs its token">
          <p>
            Open the address printed by <code>npm run -s berth -- web</code> (or <code>npm start</code>): it carries this run's token.
          </p>
        </EmptyState>
      </main>
    );
  }
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
      </main>
    </div>
  );
}
