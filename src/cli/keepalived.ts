// keepalived(8)-compatible command line. Parses every keepalived 2.2.7 option with keepalived's spelling and exit
// codes; -v/-h/--signum answer at once, -t/-d/--dump-json read the configuration, anything else runs the daemon
// (the VRRP process; the checker process arrives with the IPVS issues).
import { basename } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONFIG_FILE, runConfigCommand } from './config-commands';
import { launchDaemon } from './daemon-launch';
import { daemonOptions } from './daemon-options';
import { genhashMain, settleExitCode } from './genhash';
import { CliIo, processIo } from './io';
import { keepalivedUsage } from './keepalived-usage';
import { SIGNUMS } from './signum';
import { versionBanner } from './version';

export const EXIT_OK = 0;
export const EXIT_FATAL = 1;

function program(prog: string): Command {
  const p = new Command(prog)
    .exitOverride()
    .helpOption(false)
    .allowExcessArguments(true)
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .option('-f, --use-file <FILE>')
    .option('-P, --vrrp')
    .option('-C, --check')
    .option('-B, --no_bfd')
    .option('--all')
    .option('-l, --log-console')
    .addOption(new Option('-D, --log-detail').argParser((_v: string, prev: number | undefined) => (prev ?? 0) + 1))
    .option('-S, --log-facility <FACILITY>')
    .option('-g, --log-file [FILE]')
    .option('-G, --no-syslog')
    .option('-u, --umask <MASK>')
    .option('-X, --release-vips')
    .option('-V, --dont-release-vrrp')
    .option('-I, --dont-release-ipvs')
    .option('-R, --dont-respawn')
    .option('-n, --dont-fork')
    .option('-d, --dump-conf')
    .option('-p, --pid <FILE>')
    .option('-r, --vrrp_pid <FILE>')
    .option('-c, --checkers_pid <FILE>')
    .option('-b, --bfd_pid <FILE>')
    .option('-a, --address-monitoring')
    .option('-s, --namespace <NAME>')
    .option('-e, --all-config')
    .option('-i, --config-id <ID>')
    .option('-x, --snmp')
    .option('-A, --snmp-agent-socket <FILE>')
    .option('-m, --core-dump')
    .option('-M, --core-dump-pattern [PATN]')
    .option('--signum <SIGFUNC>')
    .option('-t, --config-test [LOG_FILE]')
    .option('--dump-json')
    .option('-v, --version')
    .option('-h, --help');
  return p;
}

/** Runs the keepalived command line; returns the exit code. */
export function keepalivedMain(argv: readonly string[], io: CliIo = processIo): number {
  const prog = basename(argv[1] ?? 'keepalived-ts', '.js');
  const args = argv.slice(2);
  if (args[0] === '-T' || args[0] === '--genhash') return settleExitCode(genhashMain([argv[0], prog, ...args.slice(1)], io, false));
  const p = program(prog);
  try {
    p.parse(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    const unknown = /unknown option '([^']*)'/.exec(err.message);
    io.stderr(unknown ? `Unknown option ${unknown[1]}\n` : `${err.message.replace(/^error: /, '')}\n`);
    return EXIT_FATAL;
  }
  const o = p.opts<Record<string, unknown>>();
  // Debian's 2.2.7 is built without --enable-log-file: -g is refused (exit 1 once every option is read), unless a
  // -h or -v before it has already answered and exited.
  const logFileAt = args.findIndex((a) => /^(-g|--log-file)/.test(a));
  const answerAt = args.findIndex((a) => /^(-[hv]|--help|--version)$/.test(a));
  if (logFileAt >= 0 && (answerAt < 0 || logFileAt < answerAt)) io.stderr('-g requires configure option --enable-log-file\n');
  if (logFileAt >= 0 && answerAt < 0) return EXIT_FATAL;
  if (o.help) {
    io.stderr(keepalivedUsage(prog));
    return EXIT_OK;
  }
  if (o.version) {
    io.stderr(versionBanner());
    return EXIT_OK;
  }
  if (typeof o.signum === 'string') {
    const n = SIGNUMS[o.signum];
    if (n === undefined) {
      io.stderr(`Unknown sigfunc ${o.signum}\n`);
      return EXIT_FATAL;
    }
    io.stdout(`${n}\n`);
    return EXIT_OK;
  }
  const configTest = o.configTest !== undefined;
  if (configTest || o.dumpConf === true || o.dumpJson === true) {
    return runConfigCommand(
      {
        file: typeof o.useFile === 'string' ? o.useFile : DEFAULT_CONFIG_FILE,
        configId: typeof o.configId === 'string' ? o.configId : undefined,
        allConfig: o.allConfig === true,
        configTest,
        testLogFile: typeof o.configTest === 'string' ? o.configTest : undefined,
        dumpText: o.dumpConf === true,
        dumpJson: o.dumpJson === true,
      },
      io,
    );
  }
  return launchDaemon(daemonOptions(o, [prog, ...args], DEFAULT_CONFIG_FILE));
}
