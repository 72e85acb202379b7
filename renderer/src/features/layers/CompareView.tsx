/** Compare this image with another, layer by layer: the shared base, and the first layer that differs. */
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { formatBytes } from '../../lib/format';
import { useLayers } from './layers-store';
import { countOf } from '../../lib/removal-groups';

/** `against`: an image the page was opened to compare with this one (compared at once). */
export function CompareView({ image, against }: { image: string; against?: string }) {
  const [other, setOther] = useState(against ?? '');
  const result = useLayers((s) => s.comparison?.value);
  const error = useLayers((s) => s.comparison?.error);
  const busy = useLayers((s) => !!s.comparison?.busy);
  const compare = useLayers((s) => s.compare);
  useEffect(() => {
    if (against) void useLayers.getState().compare(image, against);
  }, [image, against]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (other.trim()) void compare(image, other.trim());
  };
  return (
    <section className="card compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare with another image</h2>
      <form className="toolbar" onSubmit={submit}>
        <label className="field-inline">
          Other image
          <input value={other} onChange={(e) => setOther(e.target.value)} placeholder="e.g. app:1.1" spellCheck={false} />
        </label>
        <Button type="submit" busy={busy} disabled={!other.trim()}>
          Compare
        </Button>
      </form>
      {error && <Alert>{error}</Alert>}
      {result && (
        <>
          <p role="status">
            {result.firstDifference === undefined
              ? `Both images have the same ${countOf(result.shared, 'layer')} (${formatBytes(result.sharedBytes)}).`
              : `They share their first ${result.shared} layer${result.shared === 1 ? '' : 's'} (${formatBytes(result.sharedBytes)}); they differ from layer ${result.firstDifference} up.`}
          </p>
          <table className="plain-table compact" aria-label="Layers side by side">
            <thead>
              <tr>
                <th>Layer</th>
                <th>{result.a.ref}</th>
                <th>{result.b.ref}</th>
                <th>Shared</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r, i) => (
                <tr key={i} data-same={r.same}>
                  <td className="mono">L{i}</td>
                  <td>{r.a ? <code>{r.a.instruction}</code> : '—'}</td>
                  <td>{r.b ? <code>{r.b.instruction}</code> : '—'}</td>
                  <td>{r.same ? 'shared' : i === result.firstDifference ? 'first difference' : 'differs'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
