import { useEffect, useMemo, useRef, useState } from 'react';
import type { ContainerDetails } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { Alert, Badge, EmptyState } from '../../ui/feedback';
import { JsonTree } from '../../ui/JsonTree';
import { BackIcon, ContainersIcon, DeleteIcon, RestartIcon, StartIcon, StopIcon } from '../../ui/icons';
import { toneOf } from '../engine';
import { ContainerDialogs, findContainer, useContainerActions, useContainers } from '../containers';
import { LogView } from './LogView';
import { StatsView } from './StatsView';
import { TopView } from './TopView';
import { ChangesView } from './ChangesView';
import { summariseInspect } from './inspect-summary';
import { forgetDetails, loadDetails, useDetails } from './details-store';
import { TerminalPanel } from '../terminal';
import { useConnection } from '../../api/connection-state';
import { SaveComposeButton } from '../compose';

type Tab = 'logs' | 'terminal' | 'stats' | 'top' | 'changes' | 'inspect';
const TABS: Record<Tab, string> = { logs: 'Logs', terminal: 'Terminal', stats: 'Stats', top: 'Processes', changes: 'Changes', inspect: 'Inspect' };

/** Pure: the tab a details address asks for (`#/containers/<id>?tab=terminal`), else the log. */
export function tabOf(hash: string): Tab {
  const asked = new URLSearchParams(hash.split('?')[1] ?? '').get('tab');
  return asked && Object.hasOwn(TABS, asked) ? (asked as Tab) : 'logs';
}

function Facts({ title, head, rows, empty }: { title: string; head: string[]; rows: string[][]; empty: string }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {rows.length ? (
        <table className="plain-table compact">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j} className="mono">
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="subtitle">{empty}</p>
      )}
    </section>
  );
}

/** Environment, mounts, ports and networks, then the whole inspect JSON. */
function InspectSummaryView({ details }: { details: ContainerDetails }) {
  const s = useMemo(() => summariseInspect(details.raw), [details]);
  return (
    <div className="cards">
      <Facts title="Environment" head={['Name', 'Value']} rows={s.env.map(([k, v]) => [k, v])} empty="No variables." />
      <Facts
        title="Mounts"
        head={['Type', 'Source', 'Target', 'Mode']}
        rows={s.mounts.map((m) => [m.type, /^[0-9a-f]{64}$/.test(m.source) ? `${m.source.slice(0, 12)} (anonymous)` : m.source, m.target, m.rw ? 'rw' : 'ro'])}
        empty="No mounts."
      />
      <Facts
        title="Ports"
        head={['Container', 'Host']}
        rows={s.ports.map((p) => [p.container, p.host])}
        empty="None published now (a stopped container publishes none)."
      />
      <Facts title="Networks" head={['Network', 'IP', 'Gateway']} rows={s.networks.map((n) => [n.name, n.ip || '—', n.gateway || '—'])} empty="No networks." />
    </div>
  );
}

/** Inspect as indented JSON, filtered to the lines that contain the query (with their path kept readable). */
function InspectView({ details }: { details: ContainerDetails }) {
  const [query, setQuery] = useState('');
  const lines = useMemo(() => JSON.stringify(details.raw, null, 2).split('\n'), [details]);
  const shown = query ? lines.filter((l) => l.toLowerCase().includes(query.toLowerCase())) : lines;
  return (
    <section className="inspect" aria-label={`Inspect ${details.name}`}>
      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">Search inspect</span>
          <input type="search" placeholder="Filter lines, e.g. IPAddress" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <span className="count">{query ? `${shown.length} matching lines` : 'Type to filter; expand the sections below'}</span>
      </div>
      {query ? (
        <pre className="json" tabIndex={0}>
          {shown.join('\n')}
        </pre>
      ) : (
        <JsonTree value={details.raw} label="docker inspect" />
      )}
    </section>
  );
}

export function ContainerDetailsPage({ id }: { id: string }) {
  const details = useDetails((s) => s.details[id]?.value);
  const error = useDetails((s) => s.details[id]?.error);
  const [tab, setTab] = useState<Tab>(() => tabOf(window.location.hash));
  // An address asking for a tab while this page is shown (a shell opened from the command palette) shows it.
  useEffect(() => {
    const follow = () => setTab(tabOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  // The live row (from the event stream) tells when to re-read the details.
  // The address may hold the full id, a short id or the name.
  const live = useContainers((s) => s.byId[id] ?? findContainer(Object.values(s.byId), id));
  const listed = useContainers((s) => s.loaded && !s.unavailable);
  // While the engine is away a container last seen up is not claimed to run now (as in the list).
  const away = useContainers((s) => s.unavailable !== undefined);
  const { act, askRemove } = useContainerActions.getState();
  const busy = useContainerActions((s) => s.busy);
  const actionError = useContainerActions((s) => s.error);

  // Read again when the container changes state or name, when the engine is back after being away, and when this
  // window switches engines (what was read on the other one no longer stands); forgotten when the page goes.
  const engineId = useConnection((s) => s.engine.id);
  const readOn = useRef(engineId);
  useEffect(() => {
    if (readOn.current !== engineId) {
      readOn.current = engineId;
      forgetDetails(id);
    }
    void loadDetails(id);
  }, [id, live?.state, live?.name, away, engineId]);
  useEffect(() => () => forgetDetails(id), [id]);

  if (error && !details) {
    return (
      <div className="page">
        <EmptyState icon={ContainersIcon} title="This container is not there" action={<a href="#/containers">Back to containers</a>}>
          <p>{error}</p>
        </EmptyState>
      </div>
    );
  }
  const state = live?.state ?? details?.state;
  const up = state === 'running' || state === 'paused' || state === 'restarting';
  const shownState = away && up ? 'unknown' : state;
  const name = live?.name ?? details?.name ?? id;
  return (
    <div className="page details">
      <header className="page-header">
        <a className="back" href="#/containers" aria-label="Back to containers">
          <BackIcon className="icon" aria-hidden />
        </a>
        <h1>{name}</h1>
        <Badge tone={toneOf(shownState)}>{shownState ?? '…'}</Badge>
        <span className="subtitle mono">{details?.image}</span>
        <div className="actions">
          {up ? (
            <Button icon={StopIcon} disabled={busy} onClick={() => void act([id], 'stop')}>
              Stop
            </Button>
          ) : (
            <Button icon={StartIcon} disabled={busy} onClick={() => void act([id], 'start')}>
              Start
            </Button>
          )}
          <Button icon={RestartIcon} disabled={busy} onClick={() => void act([id], 'restart')}>
            Restart
          </Button>
          <SaveComposeButton ids={[id]} what={name} />
          <Button variant="danger" icon={DeleteIcon} disabled={busy} onClick={() => void askRemove([id])}>
            Remove
          </Button>
        </div>
      </header>
      {actionError && <Alert>{actionError}</Alert>}
      {!live && details && listed && <Alert tone="warn">This container was removed.</Alert>}
      <ContainerDialogs />
      <div className="tabs" role="tablist" aria-label="Container views">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {TABS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="tabpanel" aria-label={TABS[tab]}>
        {tab === 'logs' && <LogView key={id} id={id} name={name} running={up || !state} />}
        {tab === 'terminal' && details && (
          <TerminalPanel of={{ kind: 'container', id: details.id, name, canAttach: details.tty && details.openStdin }} running={state === 'running'} />
        )}
        {tab === 'stats' && details && <StatsView id={details.id} running={state === 'running'} />}
        {tab === 'top' && details && <TopView id={details.id} running={state === 'running'} />}
        {tab === 'changes' && details && <ChangesView id={details.id} />}
        {tab === 'inspect' && details && (
          <div className="inspect-tab">
            <InspectSummaryView details={details} />
            <InspectView details={details} />
          </div>
        )}
      </div>
    </div>
  );
}
