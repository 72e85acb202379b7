/**
 * "Paste a docker run command": a command line copied from a README or a terminal fills the Run dialog's fields,
 * read by the same parser as "copy as docker run". A command it cannot read gets its sentence and stays as typed;
 * the form is left as it was.
 */
import { useId, useState } from 'react';
import { parseRunCommand, type RunSpec } from '../../../../engine/contract/run-spec';
import { Button } from '../../ui/Button';
import { ExpandIcon } from '../../ui/icons';
import { TextField } from './Field';

export function PasteCommand({ onSpec }: { onSpec(spec: RunSpec): void }) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const fill = () => {
    const r = parseRunCommand(text);
    if (!r.ok) return setError(r.message);
    setError(undefined);
    setOpen(false);
    onSpec(r.value);
  };
  return (
    <section className="run-paste" aria-labelledby={`${panelId}-head`}>
      <button type="button" id={`${panelId}-head`} className="disclosure" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <ExpandIcon className="icon chevron" aria-hidden data-open={open} />
        Paste a docker run command
        <span className="subtitle">fills the form below; nothing runs until you choose Run</span>
      </button>
      <div id={panelId} hidden={!open}>
        <TextField
          label="docker run command to paste"
          hint="One command, as you would type it in a shell; line ends escaped with \ are fine."
          placeholder="docker run -d --name web -p 8080:80 nginx"
          rows={3}
          error={error}
          value={text}
          onChange={(v) => {
            setText(v);
            setError(undefined);
          }}
        />
        <div className="inline">
          <Button onClick={fill} disabled={!text.trim()}>
            Fill the form
          </Button>
        </div>
      </div>
    </section>
  );
}
