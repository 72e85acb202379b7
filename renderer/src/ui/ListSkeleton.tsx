/**
 * A list's place held while its first answer is on its way: grey rows of the
 * list's own height under a status that says what is loading. index.html
 * paints the same markup before any script runs, so the page does not move
 * when React takes over, nor when the rows arrive.
 */
const ROWS = 6;

export function ListSkeleton({ label, caption = 'Loading…' }: { label: string; caption?: string }) {
  return (
    <div className="list-skeleton" role="status" aria-label={label}>
      <span className="list-skeleton-caption">{caption}</span>
      {Array.from({ length: ROWS }, (_, i) => (
        <div key={i} className="list-skeleton-row" aria-hidden />
      ))}
    </div>
  );
}
