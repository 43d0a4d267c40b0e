// The browser's file dialog as a promise: resolves with the chosen file, or null if cancelled;
// and a download of a file the page made.

import type { Attachment } from './backend';

export function fromFile(f: File): Attachment {
  return { name: f.name, size: f.size, type: f.type, data: f };
}

export function pickWithInput(accept?: string): Promise<Attachment | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    if (accept) input.accept = accept;
    let done = false;
    const finish = (a: Attachment | null) => {
      if (done) return;
      done = true;
      resolve(a);
    };
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      finish(f ? fromFile(f) : null);
    });
    input.addEventListener('cancel', () => finish(null));
    input.click();
  });
}

/** Saves what the page made (a CSV export) as a download. */
export function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
