// What customers wrote back: the Send screen's replies, the log's received view, the nav's
// count, the desktop notice's switch (English); merged into en.ts. Every key must exist in
// es/replies.ts too.

export const repliesEn = {
  'nav.unread': '{n} unread {n|reply|replies}',
  'rx.count': '{n} {n|reply|replies}',
  'rx.new': '{n} new',
  'rx.show': 'Show the replies',
  'rx.hide': 'Hide the replies',
  'rx.unread': 'Unread',
  'rx.answer': 'Answer',
  'rx.answerTo': 'Answer {who} from the Send screen',
  'rx.open': 'Open the attachment',
  'rx.opening': 'Fetching it from WhatsApp…',
  'rx.kind.text': 'Message',
  'rx.kind.image': 'Photo',
  'rx.kind.video': 'Video',
  'rx.kind.audio': 'Audio',
  'rx.kind.document': 'Document',
  'rx.kind.other': 'Something else',
  'rx.inGroup': 'in a group',
  'rx.dir': 'Show',
  'rx.dir.sent': 'Sent',
  'rx.dir.received': 'Received',
  'rx.dir.all': 'All',
  'rx.col.from': 'From',
  'rx.col.answers': 'In reply to',
  'rx.unreadOnly': 'Unread only',
  'rx.fromFilter': 'From number',
  'rx.empty': 'No customer has written to the shop yet.',
  'rx.noMatch': 'Nothing received matches these filters.',
  'rx.noAnswer': '—',
  'rx.fresh': 'New replies — show',
  'rx.markSeen': 'Mark as seen',
  'desktop.notice.replies': 'A customer wrote to the shop',
} as const;

export type RepliesKey = keyof typeof repliesEn;
