// Groups as their admins see and change them: split out of ../types.ts by area, re-exported there.

/** A group as its admins see it (`GET /groups/{id}`). */
export interface GroupDetails {
  /** `1203…@g.us`. */
  jid: string;
  subject: string;
  description?: string;
  /** Only admins may send messages. */
  announcement_only: boolean;
  /** Only admins may change the subject, description and settings. */
  locked: boolean;
  /** Everyone in it, the shop's own account included. */
  participants: GroupMember[];
  created_at?: number;
}

export interface GroupMember {
  /** E.164, when WhatsApp tells the number. */
  phone?: string;
  jid: string;
  admin: boolean;
  /** The creator: an admin nobody can demote. */
  super_admin: boolean;
  /** The shop's own account. */
  is_shop: boolean;
}

export type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';
export type ParticipantOutcome = 'done' | 'not_on_whatsapp' | 'not_allowed' | 'already_there' | 'not_there';

/** What became of one number of a participant change. */
export interface ParticipantResult {
  input: string;
  phone: string;
  result: ParticipantOutcome;
}

export interface GroupCreated {
  group: GroupDetails;
  participants: ParticipantResult[];
}

/** A change to a group; what is left out stays; `description: ''` removes it. */
export interface GroupPatch {
  subject?: string;
  description?: string;
  announcement_only?: boolean;
  locked?: boolean;
}
