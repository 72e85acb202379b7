import type { ComponentType, ReactNode } from 'react';
import { AlertIcon } from './icons';

type IconType = ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;

/** An alert that says what failed and what to do; role=alert so it is announced (an "info" note is a polite status). */
export function Alert({ tone = 'danger', title, children }: { tone?: 'danger' | 'warn' | 'info'; title?: string; children: ReactNode }) {
  return (
    <div className="alert" data-tone={tone} role={tone === 'info' ? 'status' : 'alert'}>
      <AlertIcon className="icon" aria-hidden />
      <div>
        {title && <strong>{title} </strong>}
        {children}
      </div>
    </div>
  );
}

/** What a view shows when it has nothing: what this is, and what to do next. */
export function EmptyState({
  icon: Icon,
  iconClassName,
  title,
  children,
  action,
}: {
  icon: IconType;
  iconClassName?: string;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className="empty" aria-label={title}>
      <Icon className={iconClassName ? `empty-icon ${iconClassName}` : 'empty-icon'} aria-hidden />
      <h2>{title}</h2>
      {children}
      {action}
    </section>
  );
}

export function Badge({ tone, children }: { tone?: 'ok' | 'warn' | 'danger'; children: ReactNode }) {
  return (
    <span className="badge" data-tone={tone}>
      {children}
    </span>
  );
}

export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {subtitle && <span className="subtitle">{subtitle}</span>}
      {children && <div className="actions">{children}</div>}
    </header>
  );
}
