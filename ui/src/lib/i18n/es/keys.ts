// Ajustes › Claves de la API para otros programas (claves con nombre), en español; se unen en
// es.ts.

import type { keysEn } from '../en/keys';

export const keysEs: Record<keyof typeof keysEn, string> = {
  'keys.title': 'Claves de la API para otros programas',
  'keys.lead':
    'Dé a cada programa su propia clave en vez de la principal, p. ej. el POS de cada sucursal. Una clave limitada a un número envía desde ese número sin nombrarlo, y se rechaza para cualquier otro. Puede enviar y leer mensajes, pero no cambiar ajustes, números, claves ni webhooks.',
  'keys.empty': 'Aún no hay otras claves: todos los programas usan la clave principal.',
  'keys.anyNumber': 'Cualquier número',
  'keys.made': 'Creada {when}',
  'keys.add': 'Nueva clave…',
  'keys.name': 'Nombre',
  'keys.namePlaceholder': 'p. ej. POS sucursal norte',
  'keys.nameHint': 'Para saber qué programa la tiene. Hasta 40 caracteres.',
  'keys.number': 'Número',
  'keys.numberHint': 'Una clave limitada a un número no puede enviar desde otro.',
  'keys.create': 'Crear clave',
  'keys.creating': 'Creando…',
  'keys.created': 'Clave «{name}» creada.',
  'keys.secret': 'La clave de «{name}»',
  'keys.secretLead': 'Désela al programa; va en la cabecera X-API-Key, como la clave principal.',
  'keys.secretWarn': 'Cópiela ahora: no la volverá a ver. Si se pierde, revóquela y cree otra.',
  'keys.secretDone': 'Listo, la copié',
  'keys.revoke': 'Revocar',
  'keys.revokeTitle': '¿Revocar «{name}»?',
  'keys.revokeBody': 'El programa que la usa deja de funcionar en el acto, hasta que reciba otra clave.',
  'keys.revoked': 'Clave «{name}» revocada.',
  'keys.err.name': 'Dé a la clave un nombre de 1 a 40 caracteres.',
  'keys.err.number': 'Ese número ya no está vinculado aquí. Elija otro.',
  'keys.err.gone': 'Esa clave ya estaba revocada.',
  'keys.err.forbidden':
    'Solo la clave principal puede administrar estas claves. Abra Mostrador con la clave principal.',
};
