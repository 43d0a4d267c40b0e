// Which screen is shown, kept in the address bar's fragment (#/log) so Back and reload work.

export const SCREENS = ['compose', 'contacts', 'groups', 'broadcast', 'log', 'link', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

function fromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'compose';
}

/** `#/customer/CODE`: a window showing only that claim's QR (a customer-facing monitor). */
function customerCode(hash: string): string | null {
  const m = /^#\/customer\/(.+)$/.exec(hash);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

export const route = $state({ screen: fromHash(location.hash), customer: customerCode(location.hash) });

export function go(screen: Screen): void {
  if (route.screen === screen) return;
  route.screen = screen;
  history.pushState(null, '', `#/${screen}`);
}

// Back/Forward, and a fragment typed or set by hand.
for (const event of ['popstate', 'hashchange']) {
  window.addEventListener(event, () => {
    route.screen = fromHash(location.hash);
    route.customer = customerCode(location.hash);
  });
}
