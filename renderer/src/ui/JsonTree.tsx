/** Collapsible JSON: objects and arrays are native <details>, so keyboard and screen readers work as is. */

function scalar(v: unknown): { text: string; kind: string } {
  if (v === null) return { text: 'null', kind: 'null' };
  if (typeof v === 'string') return { text: JSON.stringify(v), kind: 'string' };
  return { text: String(v), kind: typeof v };
}

function Node({ name, value, depth, openDepth }: { name: string; value: unknown; depth: number; openDepth: number }) {
  if (value === null || typeof value !== 'object') {
    const s = scalar(value);
    return (
      <div className="json-leaf">
        <span className="json-key">{name}</span>: <span className={`json-${s.kind}`}>{s.text}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? (value as unknown[]).map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (!entries.length) {
    return (
      <div className="json-leaf">
        <span className="json-key">{name}</span>: {brackets.join('')}
      </div>
    );
  }
  return (
    <details open={depth < openDepth}>
      <summary>
        <span className="json-key">{name}</span>: {brackets[0]}
        <span className="json-count">
          {' '}
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'}{' '}
        </span>
        {brackets[1]}
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <Node key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
        ))}
      </div>
    </details>
  );
}

export function JsonTree({ value, label, openDepth = 1 }: { value: unknown; label: string; openDepth?: number }) {
  return (
    <div className="json-tree" role="group" aria-label={label}>
      <Node name={label} value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}
