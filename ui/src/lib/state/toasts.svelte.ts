// Short messages at the bottom of the screen ("Copied", "Message queued"), read by screen readers.

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'ok' | 'error';
}

export const toasts: Toast[] = $state([]);
let next = 1;

export function toast(text: string, tone: Toast['tone'] = 'info', ms = 3500): void {
  const id = next++;
  toasts.push({ id, text, tone });
  setTimeout(() => dismiss(id), ms);
}

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}
