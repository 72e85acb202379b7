import { memo } from 'react';
import { ComposeGroupActions } from '../compose';
import { Button } from '../../ui/Button';
import { Badge } from '../../ui/feedback';
import { DeleteIcon, ExpandIcon, CollapseIcon, StartIcon, StopIcon } from '../../ui/icons';
import { useContainerActions } from './actions-store';
import { useContainers } from './containers-store';

/** A Compose application: its name, how many of its containers run, and actions on all of them. */
export const GroupRow = memo(function GroupRow({ project, ids, index, top }: { project: string; ids: readonly string[]; index: number; top: number }) {
  // Read live: a member changing state does not change the list's items.
  const running = useContainers((s) => ids.filter((id) => s.byId[id]?.state === 'running').length);
  const open = useContainers((s) => s.expanded.has(project) || !!s.query.trim());
  const toggle = useContainers((s) => s.toggleProject);
  const { act, askRemove } = useContainerActions.getState();
  return (
    <div className="table-row group-row" role="row" aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)` }}>
      <div className="cell" role="cell">
        <Button
          variant="ghost"
          icon={open ? CollapseIcon : ExpandIcon}
          aria-expanded={open}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${project}`}
          onClick={() => toggle(project)}
        />
      </div>
      <div className="cell name group-name" role="cell">
        {project} <Badge>Compose</Badge>
      </div>
      <div className="cell muted" role="cell" data-col="image">
        {ids.length} container{ids.length === 1 ? '' : 's'}
      </div>
      <div className="cell" role="cell">
        <Badge tone={running === ids.length ? 'ok' : running ? 'warn' : undefined}>
          {running === ids.length ? 'running' : running ? 'partial' : 'stopped'}
        </Badge>
      </div>
      <div className="cell muted" role="cell" data-col="status">
        {running}/{ids.length} running
      </div>
      <div className="cell" role="cell" data-col="group-gap" />
      {/* The actions take the CPU, Memory and Created columns too: a project has more of them than a container. */}
      <div className="cell row-actions group-actions" role="cell" aria-colspan={4}>
        <ComposeGroupActions project={project} ids={ids} />
        {running ? (
          <Button variant="ghost" icon={StopIcon} aria-label={`Stop application ${project}`} title="Stop all" onClick={() => void act(ids, 'stop')} />
        ) : (
          <Button variant="ghost" icon={StartIcon} aria-label={`Start application ${project}`} title="Start all" onClick={() => void act(ids, 'start')} />
        )}
        <Button variant="ghost" icon={DeleteIcon} aria-label={`Remove application ${project}`} title="Remove all…" onClick={() => void askRemove(ids)} />
      </div>
    </div>
  );
});
