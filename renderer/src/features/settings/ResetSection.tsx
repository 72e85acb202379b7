/** Settings → Reset to factory defaults: what it deletes (with sizes) is shown and confirmed first. */
import { useState } from 'react';
import type { ResetPlan } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { ResetIcon } from '../../ui/icons';
import { formatPlanSize } from '../../../../engine/contract/format';
import { useSettings } from './settings-store';

export function ResetSection() {
  const [plan, setPlan] = useState<ResetPlan>();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ busy?: boolean; error?: string; done?: ResetPlan }>({});
  const { resetPlan, reset: resetAll } = useSettings.getState();
  const ask = async () => {
    setOpen(true);
    setPlan(undefined);
    setState({});
    try {
      setPlan(await resetPlan());
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };
  const reset = async () => {
    setState({ busy: true });
    try {
      const done = await resetAll();
      setOpen(false);
      setState({ done });
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };
  return (
    <section className="card danger-zone" aria-labelledby="settings-reset">
      <h2 id="settings-reset">Reset to factory defaults</h2>
      <p className="subtitle">
        Deletes Berth's settings and everything its engines hold, then starts the engine as a new install would. You see exactly what goes before anything is
        deleted.
      </p>
      <div className="mode-switch">
        <Button variant="danger" icon={ResetIcon} onClick={() => void ask()}>
          Reset to factory defaults…
        </Button>
        {state.done && (
          <span role="status" className="subtitle">
            Reset done:{' '}
            {state.done.items
              .filter((i) => i.bytes !== undefined)
              .map((i) => i.label)
              .join(', ')}{' '}
            deleted. The engine is starting with the defaults.
          </span>
        )}
      </div>
      {!open && state.error && <Alert>{state.error}</Alert>}
      {open && (
        <Dialog
          title="Reset Berth to factory defaults?"
          wide
          onClose={() => !state.busy && setOpen(false)}
          actions={
            <>
              <Button type="button" onClick={() => setOpen(false)} disabled={state.busy}>
                Cancel
              </Button>
              <Button type="button" variant="danger" busy={state.busy} disabled={!plan || state.busy} onClick={() => void reset()}>
                Delete and reset
              </Button>
            </>
          }
        >
          {plan ? (
            <>
              <p>The engine stops, and these are deleted for good:</p>
              <table className="plain-table" aria-label="What the reset deletes">
                <thead>
                  <tr>
                    <th scope="col">What</th>
                    <th scope="col">Holds</th>
                    <th scope="col">Size</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.items.map((item) => (
                    <tr key={item.path}>
                      <td>
                        {item.label}
                        <div className="mono subtitle">{item.path}</div>
                      </td>
                      <td>{item.detail}</td>
                      <td className="num">{formatPlanSize(item)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>Kept: {plan.kept.join('; ')}.</p>
            </>
          ) : state.error ? null : (
            <p className="subtitle">Measuring what would be deleted…</p>
          )}
          {state.error && <Alert>{state.error}</Alert>}
        </Dialog>
      )}
    </section>
  );
}
