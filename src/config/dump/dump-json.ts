// `--dump-json`: the typed model as JSON for tools (bigints as strings, Maps as objects, Sets as arrays).
import type { KeepalivedConfig } from '../model/keepalived-config';

export function dumpConfigJson(config: KeepalivedConfig): string {
  return `${JSON.stringify(
    config,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Map) return Object.fromEntries(v);
      if (v instanceof Set) return [...v];
      return v;
    },
    2,
  )}\n`;
}
