import { ProjectPage } from './ProjectPage';
import { ProjectsList } from './ProjectsList';

/** #/compose lists the projects; #/compose/<name> is one project. */
export function ComposePage({ project }: { project?: string }) {
  return project ? <ProjectPage key={project} name={project} /> : <ProjectsList />;
}
