import { useState } from 'react';
import { Button } from '../../ui/Button';
import { BrowseIcon, DownIcon, LogsIcon, RestartIcon, UpIcon } from '../../ui/icons';
import { useCompose } from './compose-store';
import { DownDialog } from './DownDialog';
import { SaveComposeButton } from './SaveComposeDialog';

const openProject = (name: string, logs = false) => (window.location.hash = `#/compose/${encodeURIComponent(name)}${logs ? '?logs' : ''}`);

/** A Compose group's actions in the Containers list: Up (shown on the project's page), Restart, Down (asks first), Logs, Open project, Save as compose.yaml. */
export function ComposeGroupActions({ project, ids }: { project: string; ids: readonly string[] }) {
  const busy = useCompose((s) => !!s.views[project]?.busy || !!s.views[project]?.up?.running);
  const [downOpen, setDownOpen] = useState(false);
  const { up, act } = useCompose.getState();
  return (
    <>
      <Button
        variant="ghost"
        icon={UpIcon}
        aria-label={`Up application ${project}`}
        title="Up (shows its progress on the project's page)"
        disabled={busy}
        onClick={() => {
          up(project);
          openProject(project);
        }}
      />
      <Button
        variant="ghost"
        icon={RestartIcon}
        aria-label={`Restart application ${project}`}
        title="Restart all"
        disabled={busy}
        onClick={() => void act(project, 'restart')}
      />
      <Button variant="ghost" icon={DownIcon} aria-label={`Down application ${project}`} title="Down…" disabled={busy} onClick={() => setDownOpen(true)} />
      <Button variant="ghost" icon={LogsIcon} aria-label={`Logs of application ${project}`} title="Logs" onClick={() => openProject(project, true)} />
      <Button variant="ghost" icon={BrowseIcon} aria-label={`Open project ${project}`} title="Open project" onClick={() => openProject(project)} />
      <SaveComposeButton ids={ids} what={project} iconOnly />
      {downOpen && <DownDialog name={project} onClose={() => setDownOpen(false)} />}
    </>
  );
}
