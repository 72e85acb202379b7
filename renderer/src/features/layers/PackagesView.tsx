/** The packages each layer installed, upgraded and removed, searchable across all layers, and the image's SBOM saved to this computer. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import type { PackageChange, SbomFormat } from '../../../../engine/contract/packages';
import { Button } from '../../ui/Button';
import { SearchBox } from '../../ui/SearchBox';
import { DownloadIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { usePathWithDefault } from '../../lib/use-path-default';
import { usePackages } from './packages-store';

type Row = { kind: 'layer'; index: number; instruction: string; count: number } | { kind: 'change'; layer: number; change: PackageChange };

const MARK: Record<PackageChange['kind'], string> = { installed: '+', upgraded: '↑', downgraded: '↓', removed: '−' };

function SbomForm({ image }: { image: string }) {
  const [format, setFormat] = useState<SbomFormat>('cyclonedx');
  const safe = image.replace(/[^A-Za-z0-9._-]+/g, '-');
  const [path, setPath, ready] = usePathWithDefault(`${safe}.${format === 'cyclonedx' ? 'cdx' : 'spdx'}.json`);
  const sbom = usePackages((s) => s.sbom);
  return (
    <form
      className="toolbar"
      aria-label="Save the SBOM"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) void usePackages.getState().saveSbom(image, format, path.trim());
      }}
    >
      <label className="field-inline">
        SBOM
        <select value={format} onChange={(e) => setFormat(e.target.value as SbomFormat)}>
          <option value="cyclonedx">CycloneDX 1.5 JSON</option>
          <option value="spdx">SPDX 2.3 JSON</option>
        </select>
      </label>
      <label className="field-inline">
        File
        <input className="mono" value={path} onChange={(e) => setPath(e.target.value)} readOnly={!ready} spellCheck={false} />
      </label>
      <Button type="submit" icon={DownloadIcon} busy={!!sbom?.busy} disabled={!path.trim()}>
        Save SBOM
      </Button>
      {sbom?.result && (
        <span role="status">
          Saved {sbom.result.packages} packages to {sbom.result.path}.
        </span>
      )}
      {sbom?.error && (
        <span className="hint invalid" role="alert">
          {sbom.error}
        </span>
      )}
    </form>
  );
}

export function PackagesView({ image, onJump }: { image: string; onJump(layer: number): void }) {
  const { busy, value, error } = usePackages(useShallow((s) => ({ busy: s.busy, value: s.image === image ? s.value : undefined, error: s.error })));
  useEffect(() => void usePackages.getState().load(image), [image]);
  const [query, setQuery] = useState('');
  const rows = useMemo<Row[]>(() => {
    if (!value) return [];
    const q = query.trim().toLowerCase();
    const out: Row[] = [];
    for (const l of value.layers) {
      const changes = l.changes.filter(
        (c) => !q || `${c.package.name} ${c.package.version} ${c.package.ecosystem} ${c.package.licences.join(' ')}`.toLowerCase().includes(q),
      );
      if (!changes.length) continue;
      out.push({ kind: 'layer', index: l.index, instruction: l.instruction, count: changes.length });
      for (const change of changes) out.push({ kind: 'change', layer: l.index, change });
    }
    return out;
  }, [value, query]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 32, overscan: 12 });
  return (
    <section className="card packages" aria-labelledby="packages-title">
      <h2 id="packages-title">Packages</h2>
      <p className="subtitle">
        What each layer installed, upgraded and removed, read from the package databases in the layers (dpkg, apk, npm, Python, Go build info).
        {value && ` ${value.packages.length} packages in the image${value.os?.prettyName ? `, on ${value.os.prettyName}` : ''}.`}
      </p>
      <SbomForm image={image} />
      <SearchBox label="Find packages" placeholder="Find a package in any layer" value={query} onChange={setQuery} />
      {busy && <p role="status">Reading the package databases…</p>}
      {error && (
        <p className="hint invalid" role="alert">
          {error}
        </p>
      )}
      {value && !rows.length && <p>{query ? `No package matches “${query}”.` : 'No layer installs a package Berth can read.'}</p>}
      <div ref={scroller} className="packages-scroll" role="list" aria-label="Package changes by layer">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const r = rows[v.index]!;
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)`, height: v.size };
            if (r.kind === 'layer')
              return (
                <div key={v.key} role="listitem" style={style} className="package-layer">
                  <Button variant="ghost" onClick={() => onJump(r.index)} aria-label={`Layer ${r.index}: ${r.instruction}`}>
                    L{r.index}
                  </Button>
                  <code className="instruction">{r.instruction || '(no instruction recorded)'}</code>
                  <span className="hint">{r.count}</span>
                </div>
              );
            const p = r.change.package;
            return (
              <div
                key={v.key}
                role="listitem"
                style={style}
                className="package-row"
                data-change={r.change.kind}
                aria-label={`${r.change.kind} ${p.name} ${p.version} in layer ${r.layer}`}
              >
                <span className="package-mark" aria-hidden>
                  {MARK[r.change.kind]}
                </span>
                <span className="package-eco">{p.ecosystem}</span>
                <span className="package-name mono">{p.name}</span>
                <span className="mono">{r.change.from ? `${r.change.from} → ${p.version}` : p.version}</span>
                <span>{p.licences.length ? p.licences.join(', ') : 'licence unknown'}</span>
                <span className="num">{p.size !== undefined ? formatBytes(p.size) : ''}</span>
                <span className="hint mono" title={p.location}>
                  {p.location}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
