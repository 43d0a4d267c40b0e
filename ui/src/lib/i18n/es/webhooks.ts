// Textos de Ajustes › Webhooks (español); se suman a es.ts. Mismas claves que en
// en/webhooks.ts.

import type { WebhooksKey } from '../en/webhooks';

export const webhooksEs: Record<WebhooksKey, string> = {
  'wh.title': 'Webhooks',
  'wh.lead':
    'Su POS puede enterarse cuando un mensaje cambia de estado, una difusión avanza o cambia el vínculo con WhatsApp: Mostrador envía un aviso firmado a cada dirección de abajo.',
  'wh.failing':
    '{n} {n|webhook está fallando|webhooks están fallando}. Los eventos esperan y se vuelven a enviar; revise que el receptor esté funcionando.',
  'wh.navFailing': 'Un webhook está fallando',
  'wh.empty': 'Todavía no hay webhooks.',
  'wh.lan': 'Permitir http:// simple hacia la red de la tienda',
  'wh.lanHint':
    'Apagado: http:// simple solo llega a esta computadora, y todo lo demás necesita https://. Encendido: también a otras computadoras de la tienda (por ejemplo 192.168.1.20 o caja2).',
  'wh.add': 'Agregar webhook',
  'wh.url': 'Dirección (URL)',
  'wh.urlPlaceholder': 'https://pos.ejemplo.com/mostrador',
  'wh.urlHint': 'Use https://. Con http:// solo se llega a un programa en esta computadora (127.0.0.1).',
  'wh.events': 'Eventos',
  'wh.events.all': 'Todos los eventos',
  'wh.family.message': 'Mensajes',
  'wh.family.batch': 'Difusiones',
  'wh.family.session': 'Sesión',
  'wh.create': 'Agregar',
  'wh.creating': 'Agregando…',
  'wh.added': 'Webhook agregado.',
  'wh.refused': 'El webhook no se agregó.',
  'wh.serviceSays': 'Mostrador indica: {message}',
  'wh.secret': 'Secreto de firma',
  'wh.secretLead':
    'Con él, su POS comprueba que cada aviso viene de Mostrador (firmas de Standard Webhooks).',
  'wh.secretWarn': 'Cópielo ahora y guárdelo en un lugar seguro: no se volverá a mostrar.',
  'wh.secretDone': 'Listo, ya lo copié',
  'wh.on': 'Activo',
  'wh.onLabel': 'Enviar eventos a {url}',
  'wh.health.ok': 'OK',
  'wh.health.off': 'Apagado',
  'wh.health.failing': 'Fallando',
  'wh.health.failingSince': 'Fallando desde {when}',
  'wh.health.gone': 'Desactivado (410 Gone)',
  'wh.goneHint':
    'El receptor respondió 410 Gone, así que Mostrador dejó de enviarle avisos. Vuelva a activarlo cuando esté listo.',
  'wh.lastOk': 'Última entrega: {when}',
  'wh.test': 'Enviar prueba',
  'wh.testing': 'Enviando…',
  'wh.result.ok': 'Prueba entregada: HTTP {status} en {ms} ms',
  'wh.result.failed': 'Prueba no entregada: {error} ({ms} ms)',
  'wh.deliveries': 'Entregas recientes',
  'wh.deliveriesEmpty': 'Todavía no hay intentos.',
  'wh.refresh': 'Actualizar',
  'wh.col.time': 'Hora',
  'wh.col.event': 'Evento',
  'wh.col.attempt': 'Intento',
  'wh.col.status': 'Estado HTTP',
  'wh.col.latency': 'Demora',
  'wh.col.error': 'Error',
  'wh.ms': '{ms} ms',
  'wh.delete': 'Eliminar',
  'wh.deleteTitle': '¿Eliminar este webhook?',
  'wh.deleteBody':
    '{url} ya no recibirá ningún aviso. Los eventos aún no entregados se descartan y su secreto se elimina.',
  'wh.deleted': 'Webhook eliminado.',
};
