/**
 * A multi-stage build at a glance: the stage graph (stages as nodes, `FROM`
 * and `COPY --from` edges, skipped stages dashed) and a timeline where stages
 * that ran side by side overlap. Choosing a stage shows its steps.
 */
import type { ComponentType } from 'react';
import { AlertIcon, BusyIcon, DoneIcon, StopIcon } from '../../ui/icons';
import { seconds, STATE_LABEL, type BuildRun } from './build-run';
import { timeline, type StageGraph, type StageNode, type StageState } from './stage-graph';

const NODE_W = 184;
const NODE_H = 58;
const GAP_X = 56;
const GAP_Y = 14;

const STATE_TEXT: Record<StageState, string> = { ...STATE_LABEL, skipped: 'skipped for this target' };
const STATE_ICON: Partial<Record<StageState, ComponentType<{ className?: string; 'aria-hidden'?: boolean }>>> = {
  running: BusyIcon,
  cached: DoneIcon,
  done: DoneIcon,
  error: AlertIcon,
  cancelled: StopIcon,
};

const at = (n: Pick<StageNode, 'column' | 'row'>) => ({ x: n.column * (NODE_W + GAP_X), y: n.row * (NODE_H + GAP_Y) });

function nodeTime(n: StageNode, now: number): string {
  if (n.started === undefined) return '';
  return seconds((n.completed ?? now) - n.started);
}

/** The accessible name of a node: its state, time and edges in words. */
function nodeLabel(n: StageNode, graph: StageGraph, now: number): string {
  const name = (i: number) => graph.nodes[i]!.name;
  const time = nodeTime(n, now);
  return [
    `Stage ${n.name}: ${STATE_TEXT[n.state]}${time ? `, ${time}` : ''}`,
    `from ${n.baseStage !== undefined ? `stage ${name(n.baseStage)}` : n.base}`,
    ...(n.copiesFrom.length ? [`copies from ${n.copiesFrom.map(name).join(', ')}`] : []),
  ].join('; ');
}

export function StageMap({ run, graph, now, onPick }: { run: BuildRun; graph: StageGraph; now: number; onPick(stage: string): void }) {
  const width = graph.columns * NODE_W + (graph.columns - 1) * GAP_X;
  const height = graph.rows * NODE_H + (graph.rows - 1) * GAP_Y;
  const { bars, total } = timeline(run, graph, now);
  return (
    <section className="stage-map" aria-label="Stages">
      <div className="stage-graph" role="group" aria-label="Stage graph" style={{ width, height }}>
        <svg width={width} height={height} aria-hidden className="stage-edges">
          <defs>
            <marker id="stage-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" />
            </marker>
          </defs>
          {graph.edges.map((e) => {
            const a = at(graph.nodes[e.from]!);
            const b = at(graph.nodes[e.to]!);
            const x1 = a.x + NODE_W;
            const y1 = a.y + NODE_H / 2;
            const x2 = b.x - 2;
            const y2 = b.y + NODE_H / 2;
            const mid = (x1 + x2) / 2;
            return (
              <path
                key={`${e.from}-${e.to}`}
                className={`edge ${e.kind}`}
                data-skipped={graph.nodes[e.to]!.state === 'skipped'}
                d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
                markerEnd="url(#stage-arrow)"
              />
            );
          })}
        </svg>
        {graph.nodes.map((n) => {
          const { x, y } = at(n);
          const Icon = STATE_ICON[n.state];
          return (
            <button
              key={n.index}
              type="button"
              className="stage-node"
              data-state={n.state}
              style={{ left: x, top: y, width: NODE_W, height: NODE_H }}
              aria-label={nodeLabel(n, graph, now)}
              title={n.state === 'skipped' ? 'Not needed for the chosen target' : 'Show this stage’s steps'}
              disabled={n.state === 'skipped'}
              onClick={() => onPick(n.name)}
            >
              <span className="stage-name">{n.named ? n.name : `stage ${n.index}`}</span>
              <span className="stage-base">{n.baseStage !== undefined ? `FROM ${graph.nodes[n.baseStage]!.name}` : n.base}</span>
              <span className="stage-state">
                {Icon ? <Icon className={n.state === 'running' ? 'icon spin' : 'icon'} aria-hidden /> : null}
                {STATE_TEXT[n.state]}
                {n.steps && n.state !== 'skipped' ? ` · ${n.cached ? `${n.cached}/${n.steps} cached` : `${n.steps} step${n.steps === 1 ? '' : 's'}`}` : ''}
                <span className="stage-time">{nodeTime(n, now)}</span>
              </span>
            </button>
          );
        })}
      </div>
      <div className="stage-legend" aria-hidden>
        <span className="legend-from">FROM</span>
        <span className="legend-copy">COPY --from</span>
      </div>
      {bars.length > 0 && (
        <div className="stage-timeline">
          <h3 id="stage-timeline">Timeline</h3>
          <ol aria-labelledby="stage-timeline">
            {bars.map((b) => (
              <li
                key={b.index}
                data-state={b.state}
                data-start={b.start}
                data-end={b.end}
                aria-label={`${b.name}: from ${seconds(b.start)} to ${seconds(b.end)}, ${STATE_TEXT[b.state]}`}
              >
                <span className="bar-name mono">{b.name}</span>
                <span className="bar-track">
                  <span className="bar" style={{ left: `${(b.start / total) * 100}%`, width: `${((b.end - b.start) / total) * 100}%` }} />
                  {b.spans.map((s, i) => (
                    <span
                      key={i}
                      className="span"
                      data-state={s.state}
                      title={`${s.instruction}: ${seconds(s.end - s.start)}`}
                      style={{ left: `${(s.start / total) * 100}%`, width: `${((s.end - s.start) / total) * 100}%` }}
                    />
                  ))}
                </span>
              </li>
            ))}
          </ol>
          <div className="bar-axis" aria-hidden>
            <span>0 s</span>
            <span>{seconds(total)}</span>
          </div>
        </div>
      )}
    </section>
  );
}
