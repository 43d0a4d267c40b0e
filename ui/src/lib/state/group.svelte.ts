// One group as its admins see it on the Groups screen: read from the service and changed
// through it (subject, description, settings, members, invite link, leaving), each answer kept
// to show — the service judges every change; WhatsApp refuses what the shop may not do.

import type { GroupDetails, GroupPatch, ParticipantAction, ParticipantResult } from '../api/types';
import { backend, requestProfile } from './app.svelte';

export class GroupState {
  details = $state<GroupDetails | null>(null);
  loading = $state(false);
  /** Why the last read or change failed (shown until the next one). */
  error = $state<unknown>(null);
  /** What became of each number of the last participant change. */
  results = $state<ParticipantResult[]>([]);
  invite = $state<string | null>(null);
  busy = $state(false);

  /** Through the number "Send from" named when the group was opened (its account's group). */
  constructor(
    readonly jid: string,
    readonly profile: string | undefined = requestProfile(),
  ) {}

  /** The shop's own account is an admin here (WhatsApp says; the service asks it). */
  get admin(): boolean {
    return this.details?.participants.some((p) => p.is_shop && p.admin) ?? false;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.details = await backend().groupAdmin.details(this.jid, this.profile);
      this.error = null;
    } catch (e) {
      this.error = e;
    } finally {
      this.loading = false;
    }
  }

  /** Runs one change; false (and `error` set) when refused. */
  private async run(change: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await change();
      return true;
    } catch (e) {
      this.error = e;
      return false;
    } finally {
      this.busy = false;
    }
  }

  change(patch: GroupPatch): Promise<boolean> {
    return this.run(async () => {
      this.details = await backend().groupAdmin.change(this.jid, patch, this.profile);
    });
  }

  /** Adds, removes, promotes or demotes; the group is read again to show who is in it now. */
  members(action: ParticipantAction, numbers: string[]): Promise<boolean> {
    return this.run(async () => {
      this.results = await backend().groupAdmin.participants(this.jid, action, numbers, this.profile);
      this.details = await backend().groupAdmin.details(this.jid, this.profile);
    });
  }

  link(revoke = false): Promise<boolean> {
    return this.run(async () => {
      this.invite = await backend().groupAdmin.inviteLink(this.jid, revoke, this.profile);
    });
  }

  leave(): Promise<boolean> {
    return this.run(() => backend().groupAdmin.leave(this.jid, this.profile));
  }
}
