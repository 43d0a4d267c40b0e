// The To field's suggestions: as typing pauses, the contacts the service finds for the text and
// the account's groups whose name holds it; which one is highlighted, and the keys that move
// through them. Only the answer to the latest text is kept.

import type { Group, Page, Contact } from '../api/types';
import { contactSuggestion, matchGroups, moveActive, SUGGEST_FROM, type Suggestion } from '../contacts';

export interface SuggestSource {
  contacts: (q: string) => Promise<Page<Contact>>;
  groups: () => Promise<Group[]>;
}

export const MAX_CONTACTS = 8;

export class Suggester {
  items: Suggestion[] = $state([]);
  /** The highlighted entry, −1 for none. */
  active = $state(-1);
  /** The list is shown (there is something to show, and it was not closed). */
  open = $state(false);

  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The account's groups, asked once (again after a failure). */
  private groups: Promise<Group[]> | null = null;

  constructor(
    private readonly source: SuggestSource,
    private readonly delayMs = 200,
  ) {}

  /** The text changed by typing: look it up once typing pauses. */
  type(text: string): void {
    clearTimeout(this.timer);
    const mine = ++this.seq;
    const typed = text.trim();
    if (typed.length < SUGGEST_FROM) {
      this.close();
      return;
    }
    this.timer = setTimeout(() => void this.ask(mine, typed), this.delayMs);
  }

  private allGroups(): Promise<Group[]> {
    this.groups ??= this.source.groups().catch(() => {
      // Not linked yet, or out of reach: no groups this time, asked again next time.
      this.groups = null;
      return [];
    });
    return this.groups;
  }

  private async ask(mine: number, typed: string): Promise<void> {
    const [contacts, groups] = await Promise.all([
      this.source.contacts(typed).then(
        (p) => p.items.slice(0, MAX_CONTACTS).map(contactSuggestion),
        () => [] as Suggestion[],
      ),
      this.allGroups().then((g) => matchGroups(g, typed)),
    ]);
    if (mine !== this.seq) return;
    this.items = [...contacts, ...groups];
    this.active = -1;
    this.open = this.items.length > 0;
  }

  /** An arrow key: opens the list if it has entries, or moves the highlight. */
  move(key: 'ArrowDown' | 'ArrowUp'): void {
    if (!this.open) {
      this.open = this.items.length > 0;
      if (!this.open) return;
    }
    this.active = moveActive(this.active, this.items.length, key);
  }

  /** The highlighted entry, if any. */
  current(): Suggestion | null {
    return this.open ? (this.items[this.active] ?? null) : null;
  }

  /** Closes the list and drops any lookup on its way (an entry was picked, or Esc). */
  close(): void {
    clearTimeout(this.timer);
    this.seq++;
    this.open = false;
    this.active = -1;
  }

  /** Picking or Esc: the list is done, and what is on its way is dropped. */
  stop(): void {
    this.close();
    this.items = [];
  }
}
