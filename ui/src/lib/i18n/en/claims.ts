// "The customer scans a QR": the Send screen's switch, the claim's panel and the customer's
// full-screen view (English); merged into en.ts. Every key must exist in es/claims.ts too.

export const claimsEn = {
  'claim.mode': 'Send to',
  'claim.mode.number': 'A number',
  'claim.mode.qr': 'Customer scans a QR',
  'claim.code': 'Ticket code (optional)',
  'claim.codeHint': 'Left empty, Mostrador makes one up.',
  'claim.how':
    'The customer scans the QR and sends the message their phone writes for them: the receipt goes to their number at once — nothing to type, and WhatsApp never holds it back as a first message.',
  'claim.send': 'Show the QR',
  'claim.title': 'Ticket {code}',
  'claim.scan': 'Ask the customer to scan this with their phone camera and press Send in WhatsApp.',
  'claim.qrAlt': 'QR code for ticket {code}',
  'claim.status.open': 'Waiting for the customer to scan…',
  'claim.status.claimed': 'Sent to {who}',
  'claim.status.expired': 'Nobody scanned it in time: nothing was sent.',
  'claim.status.cancelled': 'Withdrawn: nothing was sent.',
  'claim.expires': 'The code works until {when}.',
  'claim.fullscreen': 'Show to the customer',
  'claim.secondScreen': 'Open on a second screen',
  'claim.cancel': 'Withdraw the code',
  'claim.cancelled': 'The code was withdrawn; nothing will be sent.',
  'claim.done': 'Done',
  'claim.link': 'Link in the QR',
  'claim.customer.title': 'Get your receipt on WhatsApp',
  'claim.customer.steps': 'Scan with your phone camera, then press Send.',
  'claim.customer.sent': 'Sent! Check your WhatsApp.',
  'claim.customer.close': 'Close (Esc)',
} as const;

export type ClaimsKey = keyof typeof claimsEn;
