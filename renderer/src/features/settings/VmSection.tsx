/** Settings → Virtual machine: VM mode's machine (CPUs, memory, data disk, shared folder, accelerator), checked by the engine before anything is saved. */
import { useEffect, useState } from 'react';
import { Button } from '../../ui/Button';
import { Alert } from '../../ui/feedback';
import { fromForm, toForm, type VmForm as Form } from './settings-form';
import { useSettings } from './settings-store';

export function VmSection() {
  const view = useSettings((s) => s.vm);
  const { loadVm, saveVm } = useSettings.getState();
  const [form, setForm] = useState<Form>();
  const [state, setState] = useState<{ busy?: boolean; error?: string; saved?: boolean }>({});
  useEffect(() => {
    loadVm().catch((err: Error) => setState({ error: err.message }));
  }, [loadVm]);
  // The form starts from what is saved, read or saved again.
  useEffect(() => {
    if (view) setForm(toForm(view));
  }, [view]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => (f ? { ...f, [k]: v } : f));
    setState({});
  };
  const save = async () => {
    if (!form) return;
    setState({ busy: true });
    try {
      await saveVm(fromForm(form));
      setState({ saved: true });
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };
  // Like the other sections: nothing to save until something differs from what is saved.
  const changed = !!form && !!view && JSON.stringify(fromForm(form)) !== JSON.stringify(fromForm(toForm(view)));
  return (
    <section className="card" aria-labelledby="settings-vm">
      <h2 id="settings-vm">Virtual machine</h2>
      <p className="subtitle">VM mode's machine. Changes are used from the VM's next start (Engine → Restart).</p>
      {form && view ? (
        <form
          className="settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="field">
            CPUs
            <input
              inputMode="numeric"
              value={form.cpus}
              onChange={(e) => set('cpus', e.target.value)}
              placeholder={`${view.defaults.cpus} (of ${view.hostCpus} here)`}
            />
          </label>
          <label className="field">
            Memory (MiB)
            <input inputMode="numeric" value={form.memoryMiB} onChange={(e) => set('memoryMiB', e.target.value)} />
          </label>
          <label className="field">
            Data disk (GiB)
            <input inputMode="numeric" value={form.diskGiB} onChange={(e) => set('diskGiB', e.target.value)} />
            <span className="subtitle">
              Sparse: it takes only what is written. It grows, never shrinks{view.diskGiBNow ? ` (now ${view.diskGiBNow} GiB)` : ''}.
            </span>
          </label>
          <label className="field">
            Shared folder
            <input
              value={form.shareDefault ? view.defaults.share : form.share}
              disabled={form.shareDefault}
              onChange={(e) => set('share', e.target.value)}
              spellCheck={false}
            />
            <span className="subtitle">Mounted at the same path in the VM, so bind mounts of its folders work. Empty: nothing is shared.</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={form.shareDefault} onChange={(e) => set('shareDefault', e.target.checked)} />
            Share my home folder
          </label>
          <label className="field">
            Accelerator
            <select value={form.accel} onChange={(e) => set('accel', e.target.value as Form['accel'])}>
              <option value="auto">Best available (falls back to TCG)</option>
              <option value="kvm">KVM (Linux)</option>
              <option value="hvf">HVF (macOS)</option>
              <option value="whpx">WHPX (Windows)</option>
              <option value="tcg">TCG (software, slow)</option>
            </select>
          </label>
          <div className="mode-switch">
            <Button type="submit" variant="primary" busy={state.busy} disabled={state.busy || !changed}>
              Save VM settings
            </Button>
            {state.saved && (
              <span role="status" className="subtitle">
                Saved. The VM uses these from its next start.
              </span>
            )}
          </div>
          {state.error && <Alert>{state.error}</Alert>}
        </form>
      ) : state.error ? (
        <Alert>{state.error}</Alert>
      ) : (
        <p className="subtitle">Loading…</p>
      )}
    </section>
  );
}
