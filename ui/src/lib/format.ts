// Sizes and times as people read them, in the UI's language.

export function formatBytes(n: number, lang: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  const digits = u === 0 || v >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v)} ${units[u]}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Today: `14:32`; this year: `21 nov, 14:32`; older: `21 nov 2025, 14:32`. */
export function formatWhen(ms: number, lang: string, now = Date.now()): string {
  const d = new Date(ms);
  const n = new Date(now);
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  if (sameDay(d, n)) return new Intl.DateTimeFormat(lang, time).format(d);
  const opts: Intl.DateTimeFormatOptions = { ...time, day: 'numeric', month: 'short' };
  if (d.getFullYear() !== n.getFullYear()) opts.year = 'numeric';
  return new Intl.DateTimeFormat(lang, opts).format(d);
}

/** Full date and time with seconds, for details and exports. */
export function formatFull(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(ms));
}

/** `2026-11-21` (a date input's value) → ms at local midnight; `undefined` if empty. */
export function dayStart(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/** The midnight after that day: the exclusive end of a "to" date. */
export function dayEnd(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).getTime();
}

/** `Bolivia` / `México` / `Mexico`: a country's name by its ISO code, in the UI's language. */
export function countryName(iso: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(iso) ?? iso;
  } catch {
    return iso;
  }
}
