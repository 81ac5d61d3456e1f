// vrrp_track_process NAME { process NAME [PARAMS…]; param_match [initial|partial]; weight W [reverse]; quorum N;
// quorum_max N; delay T; terminate_delay T; fork_delay T; full_command }. A block without a process is dropped.
import { ConfigErr, type Position } from '../../diagnostics';
import type { VrrpTrackProcess } from '../../model/trackers';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { readDecimalUnsignedWord } from '../../values/read-decimal';
import { TIMER_HZ, readIntWord, readUnsignedWord } from '../../values/read-number';

const UINT_MAX = 4294967295;
/** keepalived's TIMER_HZ_DIGITS. */
const US_DIGITS = 6;

type Draft = Omit<VrrpTrackProcess, 'process'> & { process: string | undefined };

function delay(a: KeywordArgs, p: Draft, kind: 'delay' | 'terminate' | 'fork'): void {
  const us = readDecimalUnsignedWord(a, a.word(1), 1, 3600 * TIMER_HZ, US_DIGITS, true);
  if (us === undefined) {
    const prefix = kind === 'delay' ? '' : `${kind}_`;
    return a.error(
      ConfigErr.GeneralError,
      `${prefix}delay (${a.word(1)}) for vrrp_track_process ${p.name} must be between [0.000001..3600] inclusive. Ignoring...`,
    );
  }
  if (kind !== 'fork') p.terminateDelayUs = us;
  if (kind !== 'terminate') p.forkDelayUs = us;
}

function close(ctx: BuildContext, p: Draft, end: Position | undefined): void {
  if (p.process === undefined) {
    return ctx.diags.error(ConfigErr.GeneralError, end, `track process '${p.name}' process name not specified`);
  }
  ctx.config.vrrpTrackProcesses.push({ ...p, process: p.process });
}

export function trackProcessKeyword(ctx: BuildContext): KeywordDef {
  let d: Draft | undefined;
  const cur = (): Draft => d as Draft;
  return {
    name: 'vrrp_track_process',
    handler: (a) => {
      d = {
        name: a.word(1),
        process: undefined,
        processParams: [],
        paramMatch: 'none',
        fullCommand: false,
        weight: 0,
        weightReverse: false,
        quorum: 1,
        quorumMax: UINT_MAX,
        terminateDelayUs: 0,
        forkDelayUs: 0,
      };
    },
    sub: keywordTable([
      {
        name: 'process',
        handler: (a) => {
          const p = cur();
          if (p.process !== undefined) {
            return a.error(ConfigErr.GeneralError, `Process already set for track process ${p.name} - ignoring ${a.word(1)}`);
          }
          p.process = a.word(1);
          if (a.count > 2) {
            // Parameters mean matching the command line, exactly unless param_match says otherwise.
            p.processParams = a.words.slice(2);
            if (p.paramMatch === 'none') p.paramMatch = 'exact';
            p.fullCommand = true;
          }
        },
      },
      {
        name: 'param_match',
        handler: (a) => {
          const p = cur();
          // A bare param_match means an exact match; 'exact' itself is not a word keepalived accepts.
          const mode = a.has(1) ? a.word(1) : 'exact';
          if (!a.has(1) || mode === 'initial' || mode === 'partial') {
            p.paramMatch = mode as 'exact' | 'initial' | 'partial';
            p.fullCommand = true;
            return;
          }
          a.error(ConfigErr.GeneralError, `Invalid param_match type ${a.word(1)} - ignoring`);
        },
      },
      {
        name: 'weight',
        handler: (a) => {
          const p = cur();
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, `No weight specified for track process ${p.name} - ignoring`);
          if (p.weight !== 0) {
            return a.error(ConfigErr.GeneralError, `Weight already set for track process ${p.name} - ignoring ${a.word(1)}`);
          }
          const w = readIntWord(a, a.word(1), -254, 254, true);
          if (w === undefined) {
            return a.error(
              ConfigErr.GeneralError,
              `Weight (${a.word(1)}) for vrrp_track_process ${p.name} must be between [-254..254] inclusive. Ignoring...`,
            );
          }
          if (a.count >= 3) {
            if (a.word(2) === 'reverse') p.weightReverse = true;
            else a.error(ConfigErr.GeneralError, `vrrp_track_process ${p.name} unknown weight option ${a.word(2)}`);
          }
          p.weight = w;
        },
      },
      {
        name: 'quorum',
        handler: (a) => {
          const p = cur();
          const q = readUnsignedWord(a, a.word(1), 1, 65535, true);
          if (q === undefined) {
            return a.error(
              ConfigErr.GeneralError,
              `Quorum (${a.word(1)}) for vrrp_track_process ${p.name} must be between [1..65535] inclusive. Ignoring...`,
            );
          }
          if (q > p.quorumMax) return a.error(ConfigErr.GeneralError, 'Quorum is greater than quorum_max - ignoring');
          p.quorum = q;
        },
      },
      {
        name: 'quorum_max',
        handler: (a) => {
          const p = cur();
          const max = readUnsignedWord(a, a.word(1), 0, 65535, true);
          if (max === undefined) {
            return a.error(
              ConfigErr.GeneralError,
              `quorum_max (${a.word(1)}) for vrrp_track_process ${p.name} must be between [0..65535] inclusive. Ignoring...`,
            );
          }
          // quorum_max 0 (no process may run) is allowed while quorum is still its default.
          if ((max !== 0 || p.quorum > 1) && max < p.quorum) {
            return a.error(ConfigErr.GeneralError, 'quorum_max is less than quorum - ignoring');
          }
          p.quorumMax = max;
          if (max === 0) p.quorum = 0;
          else if (p.quorum === 0) p.quorum = 1;
        },
      },
      { name: 'delay', handler: (a) => delay(a, cur(), 'delay') },
      { name: 'terminate_delay', handler: (a) => delay(a, cur(), 'terminate') },
      { name: 'fork_delay', handler: (a) => delay(a, cur(), 'fork') },
      { name: 'full_command', handler: () => void (cur().fullCommand = true) },
    ]),
    close: (end) => close(ctx, cur(), end),
  };
}
