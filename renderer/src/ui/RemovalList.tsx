import { countOf, groupForRemoval, type RemovalItem } from '../lib/removal-groups';

/** The confirmation's list of what goes: a count, then the names, grouped by Compose project. */
export function RemovalList({ items, noun }: { items: readonly RemovalItem[]; noun: string }) {
  const groups = groupForRemoval(items);
  const projects = groups.some((g) => g.project);
  return (
    <div className="removal-list">
      <p>
        <strong>{countOf(items.length, noun)}</strong> will be removed:
      </p>
      <ul aria-label={`The ${noun}s removed`} tabIndex={0}>
        {groups.map((g) => (
          <li key={g.project ?? ''}>
            {projects && (
              <span className="removal-group">
                {g.project ? `Compose project ${g.project} (${g.names.length})` : `Not in a Compose project (${g.names.length})`}
              </span>
            )}
            <ul aria-label={g.project ? `Compose project ${g.project}` : projects ? 'Not in a Compose project' : undefined}>
              {g.names.map((n) => (
                <li key={n}>
                  <code>{n}</code>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
