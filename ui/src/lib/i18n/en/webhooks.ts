// Settings › Webhooks strings (English); merged into en.ts. Every key must exist in
// es/webhooks.ts too.

export const webhooksEn = {
  'wh.title': 'Webhooks',
  'wh.lead':
    'Your POS can be told when a message changes status, a broadcast moves on or the WhatsApp link changes: Mostrador sends a signed request to each address below.',
  'wh.failing':
    '{n} {n|webhook is|webhooks are} failing. Events wait and are sent again; check that the receiver is running.',
  'wh.navFailing': 'A webhook is failing',
  'wh.empty': 'No webhooks yet.',
  'wh.lan': 'Allow plain http:// to the shop’s own network',
  'wh.lanHint':
    'Off: plain http:// reaches only this computer, and anything else needs https://. On: also other computers of the shop (for example 192.168.1.20 or caja2).',
  'wh.add': 'Add webhook',
  'wh.url': 'Address (URL)',
  'wh.urlPlaceholder': 'https://pos.example.com/mostrador',
  'wh.urlHint': 'Use https://. Plain http:// only reaches a program on this computer (127.0.0.1).',
  'wh.events': 'Events',
  'wh.events.all': 'All events',
  'wh.family.message': 'Messages',
  'wh.family.batch': 'Broadcasts',
  'wh.family.session': 'Session',
  'wh.create': 'Add',
  'wh.creating': 'Adding…',
  'wh.added': 'Webhook added.',
  'wh.refused': 'The webhook was not added.',
  'wh.serviceSays': 'Mostrador says: {message}',
  'wh.secret': 'Signing secret',
  'wh.secretLead':
    'Your POS checks with it that each request comes from Mostrador (Standard Webhooks signatures).',
  'wh.secretWarn': 'Copy it now and keep it safe: it will not be shown again.',
  'wh.secretDone': 'Done, I copied it',
  'wh.on': 'On',
  'wh.onLabel': 'Send events to {url}',
  'wh.health.ok': 'OK',
  'wh.health.off': 'Off',
  'wh.health.failing': 'Failing',
  'wh.health.failingSince': 'Failing since {when}',
  'wh.health.gone': 'Turned off (410 Gone)',
  'wh.goneHint':
    'The receiver answered 410 Gone, so Mostrador stopped sending to it. Turn it on again when it is ready.',
  'wh.lastOk': 'Last delivered {when}',
  'wh.test': 'Send test',
  'wh.testing': 'Sending…',
  'wh.result.ok': 'Test delivered: HTTP {status} in {ms} ms',
  'wh.result.failed': 'Test not delivered: {error} ({ms} ms)',
  'wh.deliveries': 'Recent deliveries',
  'wh.deliveriesEmpty': 'No attempts yet.',
  'wh.refresh': 'Refresh',
  'wh.col.time': 'Time',
  'wh.col.event': 'Event',
  'wh.col.attempt': 'Attempt',
  'wh.col.status': 'HTTP status',
  'wh.col.latency': 'Latency',
  'wh.col.error': 'Error',
  'wh.ms': '{ms} ms',
  'wh.delete': 'Delete',
  'wh.deleteTitle': 'Delete this webhook?',
  'wh.deleteBody':
    '{url} will not be told of anything any more. Events not yet delivered are dropped, and its secret is deleted.',
  'wh.deleted': 'Webhook deleted.',
};

export type WebhooksKey = keyof typeof webhooksEn;
