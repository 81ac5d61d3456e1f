// Model field names are the camelCase of keepalived's keywords; the dump prints the keyword back. Timer fields end in
// `Us` (microseconds, as keepalived keeps them) and are printed in seconds under the keyword's own name.

/** List fields named in the plural for readability, printed under the keyword of one item. */
const LIST_FIELDS: Readonly<Record<string, string>> = { realServers: 'real_server' };

export function keywordOf(field: string): string {
  const listed = LIST_FIELDS[field];
  if (listed !== undefined) return listed;
  const base = isTimerField(field) ? field.slice(0, -2) : field;
  return base.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function isTimerField(field: string): boolean {
  return /[a-z0-9]Us$/.test(field);
}
