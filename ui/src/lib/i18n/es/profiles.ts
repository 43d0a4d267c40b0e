// Los números vinculados de la tienda (perfiles): "Enviar desde", la sección Números de la
// pantalla WhatsApp, la etiqueta y el filtro del registro (español); se unen en es.ts.

import type { profilesEn } from '../en/profiles';

export const profilesEs: Record<keyof typeof profilesEn, string> = {
  'chip.stopped': 'Fuera de línea',
  'pf.sendFrom': 'Enviar desde',
  'pf.addNumber': 'Agregar un número…',
  'pf.title': 'Números',
  'pf.lead':
    'Cada número es su propio teléfono de WhatsApp, vinculado aquí. Los envíos, difusiones y códigos salen del elegido en “Enviar desde”.',
  'pf.main': 'Principal',
  'pf.name': 'Nombre',
  'pf.color': 'Color',
  'pf.new': 'Un número nuevo',
  'pf.add': 'Agregar',
  'pf.added': 'Se agregó {name}. Vincule su teléfono ahora.',
  'pf.edit': 'Cambiar nombre',
  'pf.editTitle': 'Nombre y color de {name}',
  'pf.save': 'Guardar',
  'pf.saved': 'Guardado.',
  'pf.remove': 'Quitar',
  'pf.removeTitle': '¿Quitar {name}?',
  'pf.removeBody':
    'Se cancelarán sus mensajes que aún esperan envío, y esta computadora dejará de estar vinculada a ese teléfono. El registro conserva lo que envió.',
  'pf.removed':
    'Se quitó {name}. {n|Se canceló|Se cancelaron} {n} {n|mensaje que esperaba|mensajes que esperaban} envío.',
  'pf.disconnect': 'Desconectar',
  'pf.connect': 'Conectar',
  'pf.link': 'Vincular',
  'pf.showing': 'Se muestra abajo',
  'pf.linking': 'WhatsApp de {name}',
  'pf.offline': 'Este número está fuera de línea',
  'pf.offlineBody': 'Sigue vinculado. Sus mensajes esperan hasta que lo vuelva a conectar.',
  'pf.nameMissing': 'Escriba un nombre para el número.',
  'pf.err.notFound': 'Ese número no existe (¿lo quitaron?).',
  'pf.err.nameTaken': 'Otro número ya tiene ese nombre.',
  'pf.err.main': 'El número principal no se puede quitar.',
  'pf.err.notOffline': 'Ese número no está fuera de línea.',
  'pf.err.color': 'Elija otro color.',
  'log.profile': 'Número',
  'log.allProfiles': 'Todos los números',
};
