/** A small line chart of recent values, labelled with its latest value for screen readers. */
export function Sparkline({ values, max, label, format }: { values: readonly number[]; max?: number; label: string; format(v: number): string }) {
  const w = 300;
  const h = 64;
  const top = Math.max(max ?? 0, ...values, 1e-9);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - (v / top) * (h - 4) - 2).toFixed(1)}`).join(' ');
  const last = values.at(-1);
  return (
    <figure className="chart">
      <figcaption>
        <span>{label}</span>
        <strong>{last === undefined ? '—' : format(last)}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label={`${label}: ${last === undefined ? 'no data yet' : format(last)}`}>
        {values.length > 1 && <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />}
      </svg>
    </figure>
  );
}
