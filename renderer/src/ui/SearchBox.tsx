import { SearchIcon } from './icons';

/** The one search field of the app: a magnifier, a hidden label (its accessible name) and a placeholder. */
export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange(value: string): void }) {
  return (
    <label className="search">
      <SearchIcon className="icon" aria-hidden />
      <span className="visually-hidden">{label}</span>
      <input type="search" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
