/** The header row of a short table; an empty column name is the actions column (named for screen readers). */
export function SimpleTableHead({ columns, className = '' }: { columns: readonly string[]; className?: string }) {
  return (
    <div role="row" className={`simple-row head ${className}`}>
      {columns.map((h, i) => (
        <div role="columnheader" key={i}>
          {h || <span className="visually-hidden">Actions</span>}
        </div>
      ))}
    </div>
  );
}
