// Settings › API keys for other programs (named keys), in English; merged into en.ts. Every key
// must exist in es/keys.ts too.

export const keysEn = {
  'keys.title': 'API keys for other programs',
  'keys.lead':
    'Give each program its own key instead of the main one, e.g. the POS of each branch. A key limited to one number sends from that number without naming it, and is refused for any other. It can send and read messages, but not change settings, numbers, keys or webhooks.',
  'keys.empty': 'No other keys yet: every program uses the main key.',
  'keys.anyNumber': 'Any number',
  'keys.made': 'Made {when}',
  'keys.add': 'New key…',
  'keys.name': 'Name',
  'keys.namePlaceholder': 'e.g. POS north branch',
  'keys.nameHint': 'So you know which program has it. Up to 40 characters.',
  'keys.number': 'Number',
  'keys.numberHint': 'A key limited to one number cannot send from any other.',
  'keys.create': 'Make key',
  'keys.creating': 'Making…',
  'keys.created': 'Key “{name}” made.',
  'keys.secret': 'The key for “{name}”',
  'keys.secretLead': 'Give it to the program; it goes in the X-API-Key header, like the main key.',
  'keys.secretWarn': 'Copy it now: you won’t see it again. If it is lost, revoke it and make another.',
  'keys.secretDone': 'Done, I copied it',
  'keys.revoke': 'Revoke',
  'keys.revokeTitle': 'Revoke “{name}”?',
  'keys.revokeBody': 'The program using it stops working at once, until it is given another key.',
  'keys.revoked': 'Key “{name}” revoked.',
  'keys.err.name': 'Give the key a name of 1 to 40 characters.',
  'keys.err.number': 'That number is no longer linked here. Choose another.',
  'keys.err.gone': 'That key was already revoked.',
  'keys.err.forbidden': 'Only the main key can manage these keys. Open Mostrador with the main key.',
};
