// Quick texts for the counter ("Gracias por su compra…"), in the chosen language.

import { t, type Key } from './i18n/index.svelte';

const TEMPLATES: [name: Key, body: Key][] = [
  ['tpl.receipt.name', 'tpl.receipt.body'],
  ['tpl.invoice.name', 'tpl.invoice.body'],
  ['tpl.ready.name', 'tpl.ready.body'],
];

export function templates(): { name: string; body: string }[] {
  return TEMPLATES.map(([name, body]) => ({ name: t(name), body: t(body) }));
}
