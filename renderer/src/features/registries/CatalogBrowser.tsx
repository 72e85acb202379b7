import { SearchBox } from '../../ui/SearchBox';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { pullRefOf } from '../../../../engine/contract/registry-server';
import { Button } from '../../ui/Button';
import { Alert, EmptyState } from '../../ui/feedback';
import { BusyIcon, CloseIcon, DownloadIcon, ImagesIcon, RefreshIcon, TagIcon } from '../../ui/icons';
import { filterRepositories, shownNote } from './registries-model';
import { useRegistries } from './registries-store';

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Open a repository by name, for registries without a catalogue (Docker Hub) or beyond what it listed. */
function OpenRepository({ server }: { server: string }) {
  const loadTags = useRegistries((s) => s.loadTags);
  const [name, setName] = useState('');
  const valid = REPOSITORY.test(name.trim());
  const open = () => valid && void loadTags(server, name.trim());
  return (
    <div className="toolbar">
      <label className="field inline-field">
        Repository
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && open()}
          placeholder={server === 'docker.io' ? 'library/nginx' : 'team/app'}
          spellCheck={false}
        />
      </label>
      <Button icon={TagIcon} disabled={!valid} onClick={open}>
        Show tags
      </Button>
    </div>
  );
}

function Repositories({ server, repositories, onPick }: { server: string; repositories: readonly string[]; onPick(repo: string): void }) {
  const [query, setQuery] = useState('');
  const chosen = useRegistries((s) => (s.tags?.server === server ? s.tags.repository : undefined));
  const { shown, matched } = filterRepositories(repositories, query);
  if (!repositories.length) {
    return (
      <EmptyState icon={ImagesIcon} title={`No repositories in ${server} yet`}>
        <p>
          Name an image <code>{server}/team/app:1.0</code> with Tag on the Images page, then Push it: it shows up here.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="catalog-column">
      <SearchBox label="Filter repositories" placeholder="Filter repositories" value={query} onChange={setQuery} />
      <p className="hint" role="status">
        {shownNote(shown.length, matched, repositories.length, query)}
      </p>
      <ul className="pick-list" aria-label={`Repositories of ${server}`}>
        {shown.map((repo) => (
          <li key={repo}>
            <button type="button" className="pick" aria-pressed={chosen === repo} onClick={() => onPick(repo)}>
              {repo}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Tags({ server, onPull }: { server: string; onPull(ref: string): void }) {
  const { tags, closeTags } = useRegistries(useShallow((s) => ({ tags: s.tags, closeTags: s.closeTags })));
  if (!tags || tags.server !== server) {
    return <p className="muted catalog-column">Choose a repository to see its tags.</p>;
  }
  return (
    <section className="catalog-column">
      <div className="toolbar">
        <h3 className="mono">{tags.repository}</h3>
        <span className="spacer" />
        <Button variant="ghost" icon={CloseIcon} aria-label="Close the tags" onClick={closeTags} />
      </div>
      {tags.state === 'loading' && (
        <p className="muted" role="status">
          <BusyIcon className="icon spin" aria-hidden /> Reading tags…
        </p>
      )}
      {tags.state === 'failed' && <Alert>{tags.error}</Alert>}
      {tags.state === 'ready' && !tags.value.tags.length && (
        <p className="muted">{tags.repository} has no tags: its images were deleted, or a push did not finish.</p>
      )}
      {tags.state === 'ready' && tags.value.tags.length > 0 && (
        <ul className="pick-list" aria-label={`Tags of ${tags.repository}`}>
          {tags.value.tags.map((tag) => {
            const ref = pullRefOf(server, tags.repository, tag);
            return (
              <li key={tag} className="tag-item">
                <span className="mono">{tag}</span>
                <Button icon={DownloadIcon} aria-label={`Pull ${ref}`} title={`Pull ${ref}`} onClick={() => onPull(ref)}>
                  Pull
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** A registry's catalogue: repositories with a filter, then a repository's tags, each with Pull. */
export function CatalogBrowser({ server, onPull, onClose }: { server: string; onPull(ref: string): void; onClose(): void }) {
  const { catalog, loadCatalog, loadTags } = useRegistries(useShallow((s) => ({ catalog: s.catalog, loadCatalog: s.loadCatalog, loadTags: s.loadTags })));
  useEffect(() => void loadCatalog(server), [server, loadCatalog]);
  const current = catalog?.server === server ? catalog : undefined;
  return (
    <section className="card catalog" aria-label={`Catalogue of ${server}`}>
      <div className="toolbar">
        <h2>Catalogue of {server}</h2>
        <span className="spacer" />
        <Button icon={RefreshIcon} busy={current?.state === 'loading'} onClick={() => void loadCatalog(server)}>
          Refresh
        </Button>
        <Button variant="ghost" icon={CloseIcon} aria-label="Close the catalogue" onClick={onClose} />
      </div>
      {current?.state === 'loading' && (
        <p className="muted" role="status">
          <BusyIcon className="icon spin" aria-hidden /> Reading the catalogue of {server}…
        </p>
      )}
      {current?.state === 'failed' && (
        <>
          <Alert tone="warn">{current.error}</Alert>
          <OpenRepository server={server} />
        </>
      )}
      {current?.state === 'ready' && current.value.note && <Alert tone="warn">{current.value.note}</Alert>}
      {(current?.state === 'ready' || current?.state === 'failed') && (
        <div className="catalog-columns">
          {current.state === 'ready' ? (
            <Repositories server={server} repositories={current.value.repositories} onPick={(repo) => void loadTags(server, repo)} />
          ) : null}
          <Tags server={server} onPull={onPull} />
        </div>
      )}
    </section>
  );
}
