import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useContainers } from '../containers';
import { Button } from '../../ui/Button';
import { Alert, Badge, EmptyState, PageHeader } from '../../ui/feedback';
import { BrowseIcon, CloseIcon, ComposeIcon } from '../../ui/icons';
import { useCompose } from './compose-store';
import { OpenProjectDialog } from './OpenProjectDialog';
import { filesText, projectList } from './projects';

/** The Compose page: every project known (opened before, or found by its containers), and Open project…. */
export function ProjectsList() {
  const { recent, recentLoaded, recentError } = useCompose(useShallow((s) => ({ recent: s.recent, recentLoaded: s.recentLoaded, recentError: s.recentError })));
  const { byId, ids } = useContainers(useShallow((s) => ({ byId: s.byId, ids: s.ids })));
  const projects = useMemo(() => projectList(recent, { byId, ids }), [recent, byId, ids]);
  const [opening, setOpening] = useState(false);
  useEffect(() => void useCompose.getState().loadRecent(), []);
  const openButton = (
    <Button variant="primary" icon={BrowseIcon} onClick={() => setOpening(true)}>
      Open project…
    </Button>
  );
  return (
    <div className="page compose-page">
      <PageHeader title="Compose" subtitle={projects.length ? `${projects.length} project${projects.length === 1 ? '' : 's'}` : undefined}>
        {openButton}
      </PageHeader>
      {recentError && <Alert>{recentError}</Alert>}
      {!projects.length && recentLoaded ? (
        <EmptyState icon={ComposeIcon} title="No Compose projects yet">
          <p>Open a compose.yaml (or the directory holding one) to see what Up would do, then bring it up.</p>
          <p>Projects started with docker compose or berth compose show up here by themselves.</p>
          <div className="empty-actions">{openButton}</div>
        </EmptyState>
      ) : (
        <table className="plain-table compose-projects" aria-label="Compose projects">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Files</th>
              <th scope="col">Containers</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.name}>
                <td>
                  <a className="row-link strong" href={`#/compose/${encodeURIComponent(p.name)}`} aria-label={`Open project ${p.name}`}>
                    {p.name}
                  </a>
                </td>
                <td className="muted mono" title={p.files.join('\n')}>
                  {filesText(p)}
                </td>
                <td>
                  {p.containerIds.length ? (
                    <Badge tone={p.running === p.containerIds.length ? 'ok' : p.running ? 'warn' : undefined}>
                      {p.running}/{p.containerIds.length} running
                    </Badge>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td className="row-actions">
                  {p.openedAt !== undefined && (
                    <Button
                      variant="ghost"
                      icon={CloseIcon}
                      aria-label={`Forget ${p.name}`}
                      title="Forget (its containers stay)"
                      onClick={() => void useCompose.getState().forget(p.name)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opening && (
        <OpenProjectDialog
          onClose={() => setOpening(false)}
          onOpened={(name) => {
            setOpening(false);
            window.location.hash = `#/compose/${encodeURIComponent(name)}`;
          }}
        />
      )}
    </div>
  );
}
