// FILE_CHECK { track_file NAME; weight W [reverse|noreverse] }: follows a track_file defined earlier in the file.
import { ConfigErr } from '../../diagnostics';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { readIntWord } from '../../values/read-number';
import type { CheckerDraft, FileData } from '../lvs/drafts';
import { dequeueChecker, newChecker, type CheckerScope } from './common';

const IPVS_WEIGHT_LIMIT = 2147483647;

/** A track_file defined so far, with the weight settings FILE_CHECK inherits. */
function findTrackFile(scope: CheckerScope, name: string): { weight: number; reverse: boolean } | undefined {
  const tf = scope.ctx.config.trackFiles.find((f) => f.name === name);
  return tf && { weight: tf.weight, reverse: tf.weightReverse };
}

export function fileCheckerKeyword(scope: CheckerScope): KeywordDef {
  let current: CheckerDraft | undefined;
  const data = (): FileData | undefined => (current?.data.kind === 'file' ? current.data : undefined);
  return {
    name: 'FILE_CHECK',
    handler: (a) => {
      current = newChecker(scope, 'FILE_CHECK', a.pos, {
        connection: false,
        queued: false,
        scheduled: false,
        data: { kind: 'file', trackFile: undefined, weight: undefined, reverse: false, fileWeight: 1, fileReverse: false },
      });
    },
    sub: keywordTable([
      {
        name: 'track_file',
        handler: (a) => {
          const tf = findTrackFile(scope, a.word(1));
          if (tf === undefined) return a.error(ConfigErr.GeneralError, `track_file ${a.word(1)} not found`);
          const d = data();
          if (d === undefined) return;
          d.trackFile = a.word(1);
          d.fileWeight = tf.weight;
          d.fileReverse = tf.reverse;
        },
      },
      {
        name: 'weight',
        handler: (a) => {
          if (a.count < 2) return a.error(ConfigErr.GeneralError, 'track file weight missing');
          const w = readIntWord(a, a.word(1), -IPVS_WEIGHT_LIMIT, IPVS_WEIGHT_LIMIT, true);
          if (w === undefined) {
            return a.error(
              ConfigErr.GeneralError,
              `weight for track file must be in [${-IPVS_WEIGHT_LIMIT}..${IPVS_WEIGHT_LIMIT}] inclusive. Ignoring...`,
            );
          }
          let reverse = false;
          if (a.has(2)) {
            const opt = a.word(2);
            if (opt === 'reverse') reverse = true;
            else if (opt !== 'noreverse') {
              return a.error(ConfigErr.GeneralError, `unknown track file weight option ${opt} - ignoring`);
            }
          }
          const d = data();
          if (d === undefined) return;
          d.weight = w;
          d.reverse = reverse;
        },
      },
    ]),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c === undefined || c.data.kind !== 'file') return;
      if (c.data.trackFile === undefined) {
        scope.ctx.diags.error(ConfigErr.GeneralError, end, 'FILE_CHECK has no track_file specified - ignoring');
        dequeueChecker(scope, c);
        return;
      }
      if (c.data.weight === undefined) {
        c.data.weight = c.data.fileWeight;
        c.data.reverse = c.data.fileReverse;
      }
    },
  };
}
