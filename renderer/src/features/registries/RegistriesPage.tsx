import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RegistrySummary } from '../../../../engine/contract/dto';
import { useRoute } from '../../app/router';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { Button } from '../../ui/Button';
import { Badge, EmptyState, PageHeader } from '../../ui/feedback';
import { BrowseIcon, BusyIcon, LogInIcon, LogOutIcon, RegistriesIcon } from '../../ui/icons';
import { SimpleTableHead } from '../../ui/SimpleTableHead';
import { PullDialog } from '../images';
import { CatalogBrowser } from './CatalogBrowser';
import { LoginDialog } from './LoginDialog';
import { useRegistries } from './registries-store';

/** Show a registry's catalogue: its name goes in the address (#/registries/<server>), so Back closes it. */
const browse = (server?: string) => {
  window.location.hash = server ? `#/registries/${encodeURIComponent(server)}` : '#/registries';
};

function RegistryRow({ registry, browsing, onLogin }: { registry: RegistrySummary; browsing: boolean; onLogin(server: string): void }) {
  const logout = useRegistries((s) => s.logout);
  const r = registry;
  return (
    <div role="row" className={browsing ? 'simple-row registry-row browsing' : 'simple-row registry-row'}>
      <div role="cell" className="cell name">
        <span>{r.server === 'docker.io' ? 'docker.io (Docker Hub)' : r.server}</span>
      </div>
      <div role="cell" className="cell">
        {r.loggedIn ? <Badge tone="ok">Logged in</Badge> : <Badge>Not logged in</Badge>}
      </div>
      <div role="cell" className="cell muted">
        {r.username ?? '—'}
      </div>
      <div role="cell" className="cell num">
        {r.localImages}
      </div>
      <div role="cell" className="cell row-actions registry-actions">
        <Button
          variant="ghost"
          icon={BrowseIcon}
          aria-label={`Browse ${r.server}`}
          title="Browse its catalogue"
          aria-pressed={browsing}
          onClick={() => browse(browsing ? undefined : r.server)}
        >
          Browse
        </Button>
        {r.loggedIn ? (
          <Button variant="ghost" icon={LogOutIcon} aria-label={`Log out of ${r.server}`} title="Forget the stored login" onClick={() => void logout(r.server)}>
            Log out
          </Button>
        ) : (
          <Button variant="ghost" icon={LogInIcon} aria-label={`Log in to ${r.server}`} title="Log in…" onClick={() => onLogin(r.server)}>
            Log in…
          </Button>
        )}
      </div>
    </div>
  );
}

/**
 * Registries: the ones Berth knows (logged in, named by a local image, Docker
 * Hub) with log in / log out, and a catalogue browser whose tags open Pull.
 */
export function RegistriesPage() {
  const { registries, refresh, error, notice, dismiss } = useRegistries(
    useShallow((s) => ({ registries: s.registries, refresh: s.refresh, error: s.error, notice: s.notice, dismiss: s.dismiss })),
  );
  const param = useRoute((s) => s.param);
  const [login, setLogin] = useState<{ server?: string }>();
  const [pull, setPull] = useState<string>();
  useEffect(() => void refresh(), [refresh]);
  const loggedIn = registries?.filter((r) => r.loggedIn).length ?? 0;
  return (
    <div className="page">
      <PageHeader title="Registries" subtitle={registries ? `${registries.length} known, ${loggedIn} logged in` : undefined}>
        <Button variant="primary" icon={LogInIcon} onClick={() => setLogin({})}>
          Log in…
        </Button>
      </PageHeader>
      {login && <LoginDialog server={login.server} onClose={() => setLogin(undefined)} />}
      {pull && <PullDialog initialRef={pull} onClose={() => setPull(undefined)} />}
      <ActionFeedback error={error} notice={notice} dismiss={dismiss} />
      {!registries ? (
        <EmptyState icon={BusyIcon} iconClassName="spin" title="Reading registries…" />
      ) : (
        <div className="simple-table" role="table" aria-label="Registries">
          <SimpleTableHead columns={['Registry', 'Status', 'User', 'Local images', '']} className="registry-row" />
          {registries.map((r) => (
            <RegistryRow key={r.server} registry={r} browsing={param === r.server} onLogin={(server) => setLogin({ server })} />
          ))}
        </div>
      )}
      {registries && registries.length <= 1 && !param && (
        <p className="hint">
          Registries show up here once you log in to one, or once a local image names one (like <code>127.0.0.1:5000/team/app</code>). Use Log in… for a private
          registry.
        </p>
      )}
      {param ? (
        <CatalogBrowser key={param} server={param} onPull={setPull} onClose={() => browse()} />
      ) : (
        registries && (
          <EmptyState icon={RegistriesIcon} title="Browse a registry">
            <p>Choose Browse on a registry to list its repositories and tags, and pull any tag from there.</p>
          </EmptyState>
        )
      )}
    </div>
  );
}
