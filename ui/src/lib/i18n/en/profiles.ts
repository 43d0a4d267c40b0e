// The shop's linked numbers (profiles): "Send from", the Numbers section of the WhatsApp
// screen, the log's chip and filter (English); merged into en.ts. Every key must exist in
// es/profiles.ts too.

export const profilesEn = {
  'chip.stopped': 'Offline',
  'pf.sendFrom': 'Send from',
  'pf.addNumber': 'Add a number…',
  'pf.title': 'Numbers',
  'pf.lead':
    'Each number is its own WhatsApp phone, linked here. Send, broadcasts and claims go from the one chosen in “Send from”.',
  'pf.main': 'Main',
  'pf.name': 'Name',
  'pf.color': 'Colour',
  'pf.new': 'A new number',
  'pf.add': 'Add',
  'pf.added': '{name} was added. Link its phone now.',
  'pf.edit': 'Rename',
  'pf.editTitle': 'Name and colour of {name}',
  'pf.save': 'Save',
  'pf.saved': 'Saved.',
  'pf.remove': 'Remove',
  'pf.removeTitle': 'Remove {name}?',
  'pf.removeBody':
    'Its messages still waiting to be sent will be cancelled, and this computer stops being linked to that phone. The log keeps what it sent.',
  'pf.removed': '{name} was removed. {n} {n|message|messages} waiting to be sent {n|was|were} cancelled.',
  'pf.disconnect': 'Take offline',
  'pf.connect': 'Connect',
  'pf.link': 'Link',
  'pf.showing': 'Shown below',
  'pf.linking': 'WhatsApp of {name}',
  'pf.offline': 'This number is offline',
  'pf.offlineBody': 'It stays linked. Its messages wait until you connect it again.',
  'pf.nameMissing': 'Write a name for the number.',
  'pf.err.notFound': 'There is no such number (was it removed?).',
  'pf.err.nameTaken': 'Another number already has that name.',
  'pf.err.main': 'The main number cannot be removed.',
  'pf.err.notOffline': 'That number is not offline.',
  'pf.err.color': 'Choose another colour.',
  'log.profile': 'Number',
  'log.allProfiles': 'All numbers',
} as const;
