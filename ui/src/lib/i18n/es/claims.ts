// "El cliente escanea un QR": el interruptor de la pantalla Enviar, el panel del código y la
// vista a pantalla completa para el cliente (español); se suman a es.ts. Mismas claves que
// en/claims.ts.

import type { ClaimsKey } from '../en/claims';

export const claimsEs: Record<ClaimsKey, string> = {
  'claim.mode': 'Enviar a',
  'claim.mode.number': 'Un número',
  'claim.mode.qr': 'El cliente escanea un QR',
  'claim.code': 'Código del ticket (opcional)',
  'claim.codeHint': 'Si lo deja vacío, Mostrador crea uno.',
  'claim.how':
    'El cliente escanea el QR y envía el mensaje que su teléfono escribe solo: el comprobante le llega a su número al instante — nada que teclear, y WhatsApp nunca lo retiene como primer mensaje.',
  'claim.send': 'Mostrar el QR',
  'claim.title': 'Ticket {code}',
  'claim.scan': 'Pida al cliente que lo escanee con la cámara de su teléfono y pulse Enviar en WhatsApp.',
  'claim.qrAlt': 'Código QR del ticket {code}',
  'claim.status.open': 'Esperando que el cliente escanee…',
  'claim.status.claimed': 'Enviado a {who}',
  'claim.status.expired': 'Nadie lo escaneó a tiempo: no se envió nada.',
  'claim.status.cancelled': 'Retirado: no se envió nada.',
  'claim.expires': 'El código sirve hasta {when}.',
  'claim.fullscreen': 'Mostrar al cliente',
  'claim.secondScreen': 'Abrir en una segunda pantalla',
  'claim.cancel': 'Retirar el código',
  'claim.cancelled': 'Se retiró el código; no se enviará nada.',
  'claim.done': 'Listo',
  'claim.link': 'Enlace del QR',
  'claim.customer.title': 'Reciba su comprobante por WhatsApp',
  'claim.customer.steps': 'Escanee con la cámara de su teléfono y pulse Enviar.',
  'claim.customer.sent': '¡Enviado! Revise su WhatsApp.',
  'claim.customer.close': 'Cerrar (Esc)',
};
