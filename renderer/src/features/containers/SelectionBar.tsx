import { useShallow } from 'zustand/react/shallow';
import { SaveComposeButton } from '../compose';
import { Button } from '../../ui/Button';
import { CloseIcon, CommandIcon, DeleteIcon, KillIcon, PauseIcon, RenameIcon, RestartIcon, StartIcon, StopIcon } from '../../ui/icons';
import { useContainerActions } from './actions-store';
import { useContainers } from './containers-store';

/** Actions on the selected containers; rename and "copy as docker run" when exactly one is selected. */
export function SelectionBar() {
  const { selected, busy, act, askRemove, askRename, showRunCommand, setSelected, stopTimeout, setStopTimeout } = useContainerActions(
    useShallow((s) => ({
      selected: s.selected,
      busy: s.busy,
      act: s.act,
      askRemove: s.askRemove,
      askRename: s.askRename,
      showRunCommand: s.showRunCommand,
      setSelected: s.setSelected,
      stopTimeout: s.stopTimeout,
      setStopTimeout: s.setStopTimeout,
    })),
  );
  const oneName = useContainers((s) => (selected.size === 1 ? s.byId[[...selected][0]!]?.name : undefined));
  if (!selected.size) return null;
  const ids = [...selected];
  const one = ids.length === 1 ? ids[0]! : undefined;
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected containers">
      <strong>{ids.length} selected</strong>
      <Button icon={StartIcon} disabled={busy} onClick={() => void act(ids, 'start')}>
        Start
      </Button>
      <Button icon={StopIcon} disabled={busy} onClick={() => void act(ids, 'stop')}>
        Stop
      </Button>
      <Button icon={RestartIcon} disabled={busy} onClick={() => void act(ids, 'restart')}>
        Restart
      </Button>
      <Button icon={PauseIcon} disabled={busy} onClick={() => void act(ids, 'pause')}>
        Pause
      </Button>
      <Button icon={StartIcon} disabled={busy} onClick={() => void act(ids, 'unpause')}>
        Resume
      </Button>
      <Button icon={KillIcon} disabled={busy} onClick={() => void act(ids, 'kill')}>
        Kill
      </Button>
      <label className="select">
        Stop timeout
        <select
          value={stopTimeout ?? ''}
          onChange={(e) => setStopTimeout(e.target.value === '' ? undefined : Number(e.target.value))}
          title="How long Stop and Restart wait for the processes to exit before killing them"
        >
          <option value="">container default</option>
          {[0, 5, 10, 30, 60, 300].map((s) => (
            <option key={s} value={s}>
              {s} s
            </option>
          ))}
        </select>
      </label>
      {one && (
        <Button icon={RenameIcon} disabled={busy} onClick={() => askRename(one)}>
          Rename
        </Button>
      )}
      {one && (
        <Button icon={CommandIcon} disabled={busy} onClick={() => void showRunCommand(one)}>
          Copy as docker run
        </Button>
      )}
      <SaveComposeButton ids={ids} what={one ? (oneName ?? 'the container') : `${ids.length} containers`} disabled={busy} />
      <Button variant="danger" icon={DeleteIcon} disabled={busy} onClick={() => void askRemove(ids)}>
        Remove
      </Button>
      <Button variant="ghost" icon={CloseIcon} aria-label="Clear selection" onClick={() => setSelected([])} />
    </div>
  );
}
