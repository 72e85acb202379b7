/**
 * The capability picker of the Run dialog: every Linux capability with what it allows and whether the engine grants
 * it by default, an Add and a Drop box each, kept in step with the two text fields (which stay the source of truth).
 */
import { useId, useState } from 'react';
import { ExpandIcon } from '../../ui/icons';
import { CAPABILITIES, CAPABILITY_TEXT, DEFAULT_CAPABILITIES, capWords, effectiveCapabilities, withCap } from './capabilities';

export function CapabilityPicker({ capAdd, capDrop, onChange }: { capAdd: string; capDrop: string; onChange(capAdd: string, capDrop: string): void }) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const added = new Set(capWords(capAdd));
  const dropped = new Set(capWords(capDrop));
  const known = (w: string) => w === 'ALL' || (CAPABILITIES as readonly string[]).includes(w);
  const result = effectiveCapabilities([...added].filter(known), [...dropped].filter(known));
  const gained = result.filter((c) => !DEFAULT_CAPABILITIES.includes(c));
  const lost = DEFAULT_CAPABILITIES.filter((c) => !result.includes(c));
  const f = filter.trim().toUpperCase().replace(/^CAP_/, '');
  const shown = CAPABILITIES.filter((c) => !f || c.includes(f) || CAPABILITY_TEXT[c].toUpperCase().includes(f));
  const set = (cap: string, list: 'add' | 'drop', on: boolean) => {
    // A capability is in one list at most: ticking it in one takes it out of the other.
    if (list === 'add') onChange(withCap(capAdd, cap, on), on ? withCap(capDrop, cap, false) : capDrop);
    else onChange(on ? withCap(capAdd, cap, false) : capAdd, withCap(capDrop, cap, on));
  };
  return (
    <section className="cap-picker" aria-labelledby={`${panelId}-head`}>
      <button type="button" id={`${panelId}-head`} className="disclosure" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <ExpandIcon className="icon chevron" aria-hidden data-open={open} />
        Choose capabilities from the list
        <span className="subtitle">
          the container gets {result.length} of {CAPABILITIES.length}
          {gained.length ? `; adds ${gained.join(', ')}` : ''}
          {lost.length ? `; without ${lost.length === DEFAULT_CAPABILITIES.length ? 'any of the defaults' : lost.join(', ')}` : ''}
        </span>
      </button>
      <div id={panelId} hidden={!open}>
        <label className="field">
          Filter capabilities
          <input type="search" value={filter} placeholder="e.g. net, clock, mount" onChange={(e) => setFilter(e.target.value)} />
        </label>
        <div className="cap-table-wrap">
          <table className="plain-table compact cap-table" aria-label="Capabilities">
            <thead>
              <tr>
                <th scope="col">Capability</th>
                <th scope="col">Lets the container</th>
                <th scope="col">By default</th>
                <th scope="col">Add</th>
                <th scope="col">Drop</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => {
                const byDefault = DEFAULT_CAPABILITIES.includes(c);
                return (
                  <tr key={c}>
                    <th scope="row">
                      <code>{c}</code>
                    </th>
                    <td>{CAPABILITY_TEXT[c]}</td>
                    <td>{byDefault ? 'granted' : '—'}</td>
                    <td>
                      <input type="checkbox" aria-label={`Add ${c}`} checked={added.has(c)} onChange={(e) => set(c, 'add', e.target.checked)} />
                    </td>
                    <td>
                      <input type="checkbox" aria-label={`Drop ${c}`} checked={dropped.has(c)} onChange={(e) => set(c, 'drop', e.target.checked)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {shown.length === 0 && <p className="hint">No capability matches “{filter}”.</p>}
        </div>
      </div>
    </section>
  );
}
