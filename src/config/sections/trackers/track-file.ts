// track_file NAME { file PATH; weight W [reverse]; init_file [VALUE] [overwrite] } (vrrp_track_file is the older,
// deprecated name). A block without a file is dropped when it closes. keepalived -t never writes the init value.
import { ConfigErr, type Position } from '../../diagnostics';
import type { TrackFile } from '../../model/trackers';
import type { BuildContext } from '../../parser/build-context';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { readIntWord } from '../../values/read-number';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/** The init values that make sense as a weight multiplier. */
const SENSIBLE_MIN = -254;
const SENSIBLE_MAX = 254;

interface FileDraft {
  name: string;
  file: string | undefined;
  weight: number;
  weightReverse: boolean;
  init: 'none' | 'create' | 'overwrite';
  initValue: number;
}

function close(ctx: BuildContext, d: FileDraft, end: Position | undefined): void {
  if (d.file === undefined) return ctx.diags.error(ConfigErr.GeneralError, end, `No file set for track_file ${d.name} - ignoring`);
  const item: TrackFile = {
    name: d.name,
    file: d.file,
    weight: d.weight,
    weightReverse: d.weightReverse,
    initFile: d.init === 'none' ? undefined : { value: d.initValue, overwrite: d.init === 'overwrite' },
  };
  ctx.config.trackFiles.push(item);
  if (d.init === 'overwrite') {
    const st = ctx.system.stat(d.file);
    if (st !== undefined && !st.isFile()) {
      ctx.diags.error(ConfigErr.GeneralError, end, `Cannot initialise track file ${d.name} - it is not a regular file`);
    }
  }
}

export function trackFileKeyword(ctx: BuildContext): KeywordDef & { aliases: string[] } {
  let d: FileDraft | undefined;
  const cur = (): FileDraft => d as FileDraft;
  return {
    name: 'track_file',
    aliases: ['vrrp_track_file'],
    handler: (a) => {
      d = { name: a.word(1), file: undefined, weight: 1, weightReverse: false, init: 'none', initValue: 0 };
    },
    sub: keywordTable([
      {
        name: 'file',
        handler: (a) => {
          const f = cur();
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'track file file name missing');
          if (f.file !== undefined) {
            return a.error(ConfigErr.GeneralError, `File already set for track file ${f.name} - ignoring ${a.word(1)}`);
          }
          f.file = a.word(1);
        },
      },
      {
        name: 'weight',
        handler: (a) => {
          const f = cur();
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, `No weight specified for track file ${f.name} - ignoring`);
          // keepalived can only tell a weight was given by it differing from the default 1.
          if (f.weight !== 1) return a.error(ConfigErr.GeneralError, `Weight already set for track file ${f.name} - ignoring ${a.word(1)}`);
          const w = readIntWord(a, a.word(1), -254, 254, true);
          if (w === undefined) {
            const msg = `Weight (${a.word(1)}) for track_file ${f.name} must be between [-254..254] inclusive. Ignoring...`;
            a.error(ConfigErr.GeneralError, msg);
          }
          f.weight = w ?? 1;
          if (a.count >= 3) {
            if (a.word(2) === 'reverse') f.weightReverse = true;
            else a.error(ConfigErr.GeneralError, `track_file ${f.name} unknown weight option ${a.word(2)}`);
          }
        },
      },
      {
        name: 'init_file',
        handler: (a) => {
          const f = cur();
          f.init = 'create';
          f.initValue = 0;
          for (let i = 1; i < a.count; i++) {
            const word = a.word(i).replace(/^[ \t\n\v\f\r]+/, '');
            if (/^[0-9-]/.test(word)) {
              let v = readIntWord(a, a.word(i), INT_MIN, INT_MAX);
              if (v === undefined) {
                a.error(ConfigErr.GeneralError, `Track file ${f.name} init value ${word} is invalid`);
                v = 0;
              } else if (v < SENSIBLE_MIN || v > SENSIBLE_MAX) {
                a.error(
                  ConfigErr.GeneralError,
                  `Track file ${f.name} init value ${v} is outside sensible range [${SENSIBLE_MIN}, ${SENSIBLE_MAX}]`,
                );
              }
              f.initValue = v;
            } else if (word === 'overwrite') f.init = 'overwrite';
            else a.error(ConfigErr.GeneralError, `Unknown track file init option ${word}`);
          }
        },
      },
    ]),
    close: (end) => close(ctx, cur(), end),
  };
}
