// Send later, in the shop's local time (the computer's zone): the picker's day and time as the
// RFC 3339 text the service takes (`2026-12-24T18:00:00-04:00`: the offset written, so the
// service never guesses the zone), and a message's time back as the picker's values and as the
// parts of "goes on 24 Dec at 18:00". Which times are allowed is the service's to say.

/** What a date and a time input hold: `2026-12-24` and `18:00` (or `18:00:30`). */
export interface PickerValue {
  date: string;
  time: string;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Minutes east of UTC as `+05:30`, `-04:00`, `+00:00` (RFC 3339 also allows `Z`; an offset
 *  says the zone's hour as the cashier chose it). */
export function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const abs = Math.abs(minutesEast);
  return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** `date` in this computer's zone, written with that zone's offset on that day (so a summer
 *  date gets the summer offset even when chosen in winter). */
export function rfc3339Local(date: Date): string {
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${day}T${time}${offsetText(-date.getTimezoneOffset())}`;
}

/** The local time the inputs show, or null while either is empty or not a real date. A time
 *  that does not exist on that day (the hour skipped when clocks go forward) is written as the
 *  time the clock shows then, so the text always names a real instant. */
export function pickedDate(v: PickerValue): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.date.trim());
  const t = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(v.time.trim());
  if (!d || !t) return null;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hours, minutes, seconds] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const at = new Date(year, month - 1, day, hours, minutes, seconds);
  // 31 February is no day: Date would roll it into March.
  if (at.getMonth() !== month - 1 || at.getDate() !== day) return null;
  return at;
}

/** The `send_at` for what the inputs show, or null while they do not name a time yet. */
export function sendAtFromPicker(v: PickerValue): string | null {
  const at = pickedDate(v);
  return at ? rfc3339Local(at) : null;
}

/** A time (ms) as the inputs show it, in this computer's zone: to start a change from the
 *  message's current time. */
export function pickerFromMs(ms: number): PickerValue {
  const d = new Date(ms);
  return {
    date: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
    time: `${two(d.getHours())}:${two(d.getMinutes())}`,
  };
}

/** The parts of "goes on 24 Dec at 18:00" / "sale el 24/12 a las 18:00", in `lang` and this
 *  computer's zone: the day is said as today, tomorrow or yesterday when it is one of them. */
export interface WhenParts {
  rel: 'today' | 'tomorrow' | 'yesterday' | null;
  /** `24 Dec` / `24/12`, with the year when it is not this year's. */
  day: string;
  /** `18:00`, on a 24-hour clock. */
  time: string;
}

function dayNumber(d: Date): number {
  // Local midnight, counted in days; a DST day is 23 or 25 hours, hence the rounding.
  return Math.round(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() / 86_400_000);
}

export function whenParts(ms: number, lang: string, now = Date.now()): WhenParts {
  const d = new Date(ms);
  const n = new Date(now);
  const diff = dayNumber(d) - dayNumber(n);
  const rel = diff === 0 ? 'today' : diff === 1 ? 'tomorrow' : diff === -1 ? 'yesterday' : null;
  const es = lang.startsWith('es');
  const otherYear = d.getFullYear() !== n.getFullYear();
  // Spanish `24/12` is written by hand: ICU builds differ on `08/12` or `8/12`. English says
  // `24 Dec` day first, as en-US (`Dec 24`) would not.
  const day = es
    ? `${two(d.getDate())}/${two(d.getMonth() + 1)}${otherYear ? `/${d.getFullYear()}` : ''}`
    : new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'short',
        ...(otherYear ? { year: 'numeric' } : {}),
      }).format(d);
  // A 24-hour clock in both languages, as shops write opening hours.
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return { rel, day, time };
}
