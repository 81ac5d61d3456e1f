// `SSL { password; ca; certificate; key }`: the context SSL_GET checkers use. A second block replaces the first.
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import type { SslContext } from '../../model/virtual-server';

/** The keyword, the model field and the name keepalived uses in its messages. */
const FILES: ReadonlyArray<readonly [string, keyof SslContext, string]> = [
  ['password', 'password', 'password'],
  ['ca', 'ca', 'cafile'],
  ['certificate', 'certificate', 'certfile'],
  ['key', 'key', 'keyfile'],
];

export function sslKeyword(ctx: BuildContext): KeywordDef {
  const setFile = (a: KeywordArgs, field: keyof SslContext, what: string): void => {
    const ssl = ctx.config.ssl;
    if (ssl === undefined) return;
    if (!a.has(1)) return a.error(ConfigErr.GeneralError, `SSL ${what} missing`);
    if (ssl[field] !== undefined) a.error(ConfigErr.GeneralError, `SSL ${what} already specified - replacing`);
    ssl[field] = a.word(1);
  };
  return {
    name: 'SSL',
    handler: (a) => {
      if (ctx.config.ssl !== undefined) a.error(ConfigErr.GeneralError, 'SSL context already specified - replacing');
      ctx.config.ssl = { password: undefined, ca: undefined, certificate: undefined, key: undefined };
    },
    sub: keywordTable(FILES.map(([name, field, what]) => ({ name, handler: (a: KeywordArgs) => setFile(a, field, what) }))),
  };
}
