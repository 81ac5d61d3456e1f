// What the real-server state core asks the checker process to do. The IPVS side is not an action: the core keeps
// the table keepalived would have programmed (see table.ts) and the daemon reconciles the kernel to it.
import type { ScriptRef } from '../../config/model/script';

/** One line for keepalived's log, exactly as keepalived's checker process writes it. */
export interface LogAction {
  type: 'log';
  line: string;
}

export type ScriptPurpose = 'notify_up' | 'notify_down' | 'quorum_up' | 'quorum_down';

/**
 * Run a notify or quorum script with its configured argv (keepalived adds no arguments). While stopping, keepalived
 * runs it synchronously and kills it after `timeoutMs` (1 s); otherwise it runs in the background.
 */
export interface ScriptAction {
  type: 'script';
  purpose: ScriptPurpose;
  script: ScriptRef;
  /** Only while stopping (omega): wait for the script, killing it after this long. */
  timeoutMs: number | undefined;
}

/** A mail for the SMTP client (which sends it only when `notification_email` and `smtp_server` are configured). */
export interface AlertAction {
  type: 'alert';
  subject: string;
  body: string;
}

/** A line for `notify_fifo` and `lvs_notify_fifo` (with its trailing newline). */
export interface FifoAction {
  type: 'fifo';
  line: string;
}

/** A checker is to stop or resume running (ha_suspend). */
export interface CheckerEnableAction {
  type: 'checkerEnabled';
  vsIndex: number;
  rsIndex: number;
  checkerIndex: number;
  enabled: boolean;
}

export type LvsAction = LogAction | ScriptAction | AlertAction | FifoAction | CheckerEnableAction;
