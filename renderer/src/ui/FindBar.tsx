import { Button } from './Button';
import { NextIcon, PrevIcon, SearchIcon } from './icons';

/** Search in an xterm's text (logs, terminals): a field that finds on Enter, previous/next, and "n of m". */
export function FindBar({
  label,
  query,
  setQuery,
  find,
  matches,
  disabled = false,
}: {
  label: string;
  query: string;
  setQuery(query: string): void;
  find(direction: 'next' | 'prev'): void;
  matches?: { index: number; count: number };
  disabled?: boolean;
}) {
  return (
    <>
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          find('next');
        }}
      >
        <SearchIcon className="icon" aria-hidden />
        <input type="search" aria-label={label} placeholder={label} value={query} onChange={(e) => setQuery(e.target.value)} />
      </form>
      <Button icon={PrevIcon} aria-label="Previous match" onClick={() => find('prev')} disabled={!query || disabled} />
      <Button icon={NextIcon} aria-label="Next match" onClick={() => find('next')} disabled={!query || disabled} />
      {matches && query && (
        <span className="count" aria-live="polite">
          {matches.count ? `${matches.index} of ${matches.count}` : 'No matches'}
        </span>
      )}
    </>
  );
}
