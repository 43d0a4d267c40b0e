// Lo que escriben los clientes: respuestas en Enviar, la vista Recibidos del registro, el
// contador del menú, el aviso de escritorio (español); se suman a es.ts. Mismas claves que
// en/replies.ts.

import type { RepliesKey } from '../en/replies';

export const repliesEs: Record<RepliesKey, string> = {
  'nav.unread': '{n} {n|respuesta sin leer|respuestas sin leer}',
  'rx.count': '{n} {n|respuesta|respuestas}',
  'rx.new': '{n} {n|nueva|nuevas}',
  'rx.show': 'Ver las respuestas',
  'rx.hide': 'Ocultar las respuestas',
  'rx.unread': 'Sin leer',
  'rx.answer': 'Responder',
  'rx.answerTo': 'Responder a {who} desde Enviar',
  'rx.open': 'Abrir el adjunto',
  'rx.opening': 'Trayéndolo de WhatsApp…',
  'rx.kind.text': 'Mensaje',
  'rx.kind.image': 'Foto',
  'rx.kind.video': 'Video',
  'rx.kind.audio': 'Audio',
  'rx.kind.document': 'Documento',
  'rx.kind.other': 'Otra cosa',
  'rx.inGroup': 'en un grupo',
  'rx.dir': 'Mostrar',
  'rx.dir.sent': 'Enviados',
  'rx.dir.received': 'Recibidos',
  'rx.dir.all': 'Todos',
  'rx.col.from': 'De',
  'rx.col.answers': 'En respuesta a',
  'rx.unreadOnly': 'Solo sin leer',
  'rx.fromFilter': 'Del número',
  'rx.empty': 'Ningún cliente le escribió todavía al negocio.',
  'rx.noMatch': 'Nada recibido coincide con estos filtros.',
  'rx.noAnswer': '—',
  'rx.fresh': 'Respuestas nuevas — ver',
  'rx.markSeen': 'Marcar como visto',
  'desktop.notice.replies': 'Un cliente le escribió al negocio',
};
