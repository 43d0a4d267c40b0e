// For display only: the first recipient's message as it will roughly read, and a CSV file's
// column names for the number-column choice. The service has no preview endpoint; it alone
// parses the CSV and fills the template when the broadcast is submitted, and its per-row
// errors (MISSING_VARIABLE, INVALID_RECIPIENT, …) are what count. A placeholder this
// preview cannot fill is simply left as written.

const PLACEHOLDER = /\{\{|\}\}|\{\s*([^{}]+?)\s*\}/g;

/** `{name}` replaced by the value of `name` (or a name differing only in case). */
export function previewText(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const key = name ?? '';
    if (key in vars) return vars[key] ?? '';
    const other = Object.keys(vars).find((k) => k.trim().toLowerCase() === key.toLowerCase());
    return other === undefined ? whole : (vars[other] ?? '');
  });
}

/** A CSV's header and first data row, split simply (`;` when the header has more of them
 *  than `,`), so the user can say which column holds the numbers. */
export function csvHead(text: string): { columns: string[]; first: Record<string, string> | null } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  const sep = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  const cells = (line: string) => line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const columns = header ? cells(header) : [];
  const row = lines[1] === undefined ? null : cells(lines[1]);
  const first = row && Object.fromEntries(columns.map((c, i) => [c, row[i] ?? '']));
  return { columns, first };
}

/** The column most likely to hold the numbers: one named like a phone, else the first. */
export function guessNumberColumn(columns: string[]): string {
  const phone = /^(number|numero|número|phone|telefono|teléfono|celular|cel|movil|móvil|whatsapp)$/i;
  return columns.find((c) => phone.test(c.trim())) ?? columns[0] ?? 'number';
}
