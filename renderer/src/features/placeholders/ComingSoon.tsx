import { EmptyState, PageHeader } from '../../ui/feedback';
import { BuildsIcon } from '../../ui/icons';

const PAGES = {
  builds: { title: 'Builds', icon: BuildsIcon, cli: 'docker build .', what: 'live BuildKit builds and their history' },
} as const;

/** An honest page for a view that is not built yet: says so, and how to do it meanwhile. */
export function ComingSoon({ page }: { page: keyof typeof PAGES }) {
  const p = PAGES[page];
  return (
    <div className="page">
      <PageHeader title={p.title} />
      <EmptyState icon={p.icon} title={`${p.title} are not in this version of Berth yet`}>
        <p>This view, for {p.what}, comes in a next version.</p>
        <p>
          Meanwhile your own docker CLI drives the same engine: run <code>eval "$(npm run -s berth -- engine env)"</code>, then{' '}
          <code>{p.cli}</code>.
        </p>
      </EmptyState>
    </div>
  );
}
