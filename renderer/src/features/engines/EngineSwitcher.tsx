import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useConnection } from '../../api/connection-state';
import { OWN_ENGINE_VIEWS } from './engine-words';
import { useEngines } from './engines-store';

/** The sidebar's choice of engine for this window (each tab its own). */
export function EngineSwitcher() {
  const id = useId();
  const engine = useConnection((s) => s.engine);
  const engineError = useConnection((s) => s.engineError);
  const open = useConnection((s) => s.state === 'open');
  const entries = useEngines((s) => s.entries);
  const choices = entries?.map((e) => ({ id: e.id, name: e.name }));
  const { load, use, busy } = useEngines(useShallow((s) => ({ load: s.load, use: s.use, busy: s.busy })));
  useEffect(() => {
    if (open) void load();
  }, [open, load]);
  const list = choices?.some((c) => c.id === engine.id) ? choices : [engine, ...(choices ?? []).filter((c) => c.id !== engine.id)];
  return (
    <div className="engine-switcher">
      <label htmlFor={id}>Engine</label>
      <select id={id} value={engine.id} disabled={busy} onFocus={() => void load()} onChange={(e) => void use(e.target.value)}>
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {c.id === 'berth' ? "Berth's engine" : c.name}
          </option>
        ))}
      </select>
      {engine.id !== 'berth' && (
        <p className="hint" role="note">
          {OWN_ENGINE_VIEWS} still show Berth&apos;s own engine.
        </p>
      )}
      {engineError && (
        <p className="hint invalid" role="alert">
          {engineError}
        </p>
      )}
    </div>
  );
}
