import type { ButtonHTMLAttributes, ComponentType, ReactNode } from 'react';
import { BusyIcon } from './icons';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: 'default' | 'primary' | 'danger' | 'ghost';
  readonly icon?: ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;
  readonly busy?: boolean;
  readonly children?: ReactNode;
}

/** The app's button: a variant, an optional leading icon, and a busy state that keeps its name. */
export function Button({ variant = 'default', icon: Icon, busy, children, className, disabled, ...rest }: ButtonProps) {
  const classes = ['btn', variant !== 'default' && variant, !children && 'icon-only', className].filter(Boolean).join(' ');
  return (
    <button type="button" className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <BusyIcon className="icon spin" aria-hidden /> : Icon ? <Icon className="icon" aria-hidden /> : null}
      {children}
    </button>
  );
}
