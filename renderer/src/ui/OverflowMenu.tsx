import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { MoreIcon } from './icons';
import { menuMove, menuPosition, menuTypeahead, TYPEAHEAD_PAUSE_MS } from './menu-keys';

type IconType = ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;

/** One item of an overflow menu: a visible label, the accessible name tests and screen readers use, and what it does. */
export interface MenuAction {
  /** What the item shows ("Remove…"). */
  readonly label: string;
  /** Its accessible name when the label alone would be ambiguous ("Remove web"); the label otherwise. */
  readonly name?: string;
  readonly icon?: IconType;
  /** A link (e.g. to another page) instead of an action. */
  readonly href?: string;
  readonly onSelect?: () => void;
  /** Why the item cannot be used now; it stays in the menu (focusable, announced as disabled) with this as its tooltip. */
  readonly disabledReason?: string;
  /** A hint shown as the tooltip of an enabled item. */
  readonly hint?: string;
  readonly danger?: boolean;
}

/**
 * The "more actions" button of a row and its menu (WAI-ARIA menu button): the menu opens under the button in
 * the top layer (a portal, so a scrolling table does not clip it), arrow keys, Home and End move between items,
 * Escape or Tab closes it, and focus goes back to the button before an item acts (so a dialog it opens
 * returns focus there too).
 */
export function OverflowMenu({ subject, items }: { subject: string; items: readonly MenuAction[] }) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  // What was typed into the open menu, and when (typeahead); a pause starts again.
  const typed = useRef({ text: '', at: 0 });

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  // Place the menu once it has a size, then focus its first (or last) item.
  useLayoutEffect(() => {
    const m = menu.current;
    const b = button.current;
    if (!open || !m || !b) return;
    const r = b.getBoundingClientRect();
    const { top, left } = menuPosition(r, { width: m.offsetWidth, height: m.offsetHeight }, { width: window.innerWidth, height: window.innerHeight });
    m.style.top = `${top}px`;
    m.style.left = `${left}px`;
    const all = menuItems(m);
    (open === 'last' ? all[all.length - 1] : all[0])?.focus();
  }, [open]);

  // A click elsewhere, a scroll or a resize closes it (it would no longer sit by its button).
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    const away = (e: Event) => {
      if (!menu.current?.contains(e.target as Node)) close(false);
    };
    const resized = () => close(false);
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('scroll', away, true);
    window.addEventListener('resize', resized);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('scroll', away, true);
      window.removeEventListener('resize', resized);
    };
  }, [open, close]);

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Tab') {
      close(false);
      return;
    }
    const all = menuItems(e.currentTarget);
    const current = all.indexOf(document.activeElement as HTMLElement);
    // A printable character moves to the item that starts with what was typed; Space starts nothing (it activates).
    const going = e.timeStamp - typed.current.at <= TYPEAHEAD_PAUSE_MS ? typed.current.text : '';
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key !== ' ' || going)) {
      const now = e.timeStamp;
      const text = going + e.key;
      typed.current = { text, at: now };
      const index = menuTypeahead(
        items.map((i) => i.label),
        current,
        text,
      );
      if (index !== undefined) {
        e.preventDefault();
        e.stopPropagation();
        all[index]?.focus();
      }
      return;
    }
    const move = menuMove(e.key, current, all.length);
    if (!move) return;
    e.preventDefault();
    e.stopPropagation();
    if (move.kind === 'close') close(true);
    else all[move.index]?.focus();
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const act = (item: MenuAction) => {
    if (item.disabledReason) return;
    close(true);
    item.onSelect?.();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn ghost icon-only"
        aria-label={`More actions for ${subject}`}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={!!open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(open ? false : 'first')}
        onKeyDown={onButtonKey}
      >
        <MoreIcon className="icon" aria-hidden />
      </button>
      {open &&
        createPortal(
          <div ref={menu} id={menuId} className="menu" role="menu" tabIndex={-1} aria-label={`Actions for ${subject}`} onKeyDown={onMenuKey}>
            {items.map((item) => {
              const Icon = item.icon;
              const common = {
                role: 'menuitem',
                tabIndex: -1,
                className: item.danger ? 'menu-item danger' : 'menu-item',
                'aria-label': item.name,
                'aria-disabled': item.disabledReason ? true : undefined,
                title: item.disabledReason ?? item.hint,
              } as const;
              const body = (
                <>
                  {Icon ? <Icon className="icon" aria-hidden /> : <span className="icon" aria-hidden />}
                  <span className="menu-label">{item.label}</span>
                </>
              );
              return item.href && !item.disabledReason ? (
                <a key={item.label} {...common} href={item.href} onClick={() => setOpen(false)}>
                  {body}
                </a>
              ) : (
                <button key={item.label} type="button" {...common} onClick={() => act(item)}>
                  {body}
                </button>
              );
            })}
          </div>,
          document.body,
        )}
    </>
  );
}

function menuItems(menu: HTMLElement): HTMLElement[] {
  return Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));
}
