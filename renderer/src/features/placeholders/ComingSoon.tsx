import { EmptyState, PageHeader } from '../../ui/feedback';
import { BuildsIcon } from '../../ui/icons';

const PAGES = {
  builds: {
    title: 'Builds',
    icon: BuildsIcon,
    what: 'Live BuildKit builds, step by step with their logs, and the history of past builds',
    cli: 'docker build -t myapp .',
  },
} as const;

/** An honest page for a view that is not built yet: says so, and how to do it meanwhile. */
export function ComingSoon({ page }: { page: keyof typeof PAGES }) {
  const p = PAGES[page];
  return (
    <div className="page">
      <PageHeader title={p.title} />
      <EmptyState icon={p.icon} title={`${p.title} come in the next release of Berth`}>
        <p>{p.what}: this view is not in this version yet, and nothing here pretends to work.</p>
        <p>
          Meanwhile, your own docker CLI drives the same engine. Copy <code>DOCKER_HOST</code> from the <a href="#/engine">Engine page</a>, then:
        </p>
        <pre className="snippet">
          <code>{`export DOCKER_HOST=…\n${p.cli}`}</code>
        </pre>
        <p>Images you build this way show up on the Images page.</p>
      </EmptyState>
    </div>
  );
}
