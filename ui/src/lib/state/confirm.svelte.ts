// Asking "are you sure?" before an action that cannot be undone (unlink, cancel a broadcast).

export interface ConfirmRequest {
  title: string;
  body: string;
  confirm: string;
  danger: boolean;
  resolve: (yes: boolean) => void;
}

export const pending = $state({ request: null as ConfirmRequest | null });

export function confirm(title: string, body: string, confirmLabel: string, danger = true): Promise<boolean> {
  pending.request?.resolve(false);
  return new Promise((resolve) => {
    pending.request = { title, body, confirm: confirmLabel, danger, resolve };
  });
}

export function answer(yes: boolean): void {
  const r = pending.request;
  pending.request = null;
  r?.resolve(yes);
}
