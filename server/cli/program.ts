/**
 * `npm run cli -- <commande> [options]`: the command line, one more entry
 * point onto the services (it acts as the system administrator,
 * SYSTEM_USER). Commands live in server/cli/*.command.ts; commander parses
 * the arguments; messages are in French.
 */
import { Command, CommanderError } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type OpenedDatabase } from '../db/connection.ts';
import { prepareDatabase } from '../db/prepare.ts';
import { AppError } from '../errors.ts';
import { createServices, type Services } from '../services/index.ts';
import { backupCommand } from './backup.command.ts';
import { clsmCommand } from './clsm.command.ts';
import { codebookCommand } from './codebook.command.ts';
import { copyCommand } from './copy.command.ts';
import { exportCommand, importCommand } from './exchange.command.ts';
import { ficheCommand } from './fiche.command.ts';
import { indicatorsCommand, reportCommand } from './indicators.command.ts';
import { mailCommand, relancesCommand } from './relances.command.ts';
import { userCommand } from './user.command.ts';
import { anonymiseSubcommand, personalDataCommand } from './personal-data.command.ts';

export interface CliIo {
  out(text: string | Uint8Array): void;
  err(text: string): void;
}

export interface CliContext {
  io: CliIo;
  /** Opens the database of DATABASE_URL or DATABASE_PATH (migrated), runs, closes. */
  withServices<T>(run: (services: Services, opened: OpenedDatabase, config: Config) => Promise<T>): Promise<T>;
  /** The command's exit code (0 unless set). */
  exit(code: number): void;
}

/** A usage error: printed in French, exit code 2. */
export class UsageError extends Error {}

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

const COMMANDS: RegisterCommand[] = [userCommand, clsmCommand, importCommand, exportCommand, backupCommand, copyCommand, codebookCommand, indicatorsCommand, reportCommand, relancesCommand, mailCommand, personalDataCommand, anonymiseSubcommand, ficheCommand];

/** Commander's own messages, in French. */
const FRENCH: Array<[RegExp, (...m: string[]) => string]> = [
  [/unknown option '(.*)'/, (o) => `Option inconnue : ${o}`],
  [/unknown command '(.*)'/, (c) => `Commande inconnue : ${c}`],
  [/missing required argument '(.*)'/, (a) => `Argument obligatoire absent : ${a}`],
  [/option '(.*)' argument missing/, (o) => `Valeur manquante pour l’option ${o}`],
  [/required option '(.*)' not specified/, (o) => `Option obligatoire absente : ${o}`],
  [/too many arguments/, () => 'Trop d’arguments'],
];
const inFrench = (message: string) => {
  for (const [pattern, say] of FRENCH) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return message.replace(/^error: /, '');
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let code = 0;
  const ctx: CliContext = {
    io,
    exit: (c) => {
      code = c;
    },
    async withServices(run) {
      const config = loadConfig();
      const opened = openDatabase(config);
      let services: Services | undefined;
      try {
        await prepareDatabase(opened);
        services = createServices({ db: opened.db, config });
        return await run(services, opened, config);
      } finally {
        services?.mail.close();
        await opened.db.destroy();
      }
    },
  };
  const program = new Command('npm run cli --')
    .description('Bilan CLSM en ligne de commande (même base que le serveur : DATABASE_URL ou DATABASE_PATH)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(`${inFrench(s.trim())}\n`) })
    .helpCommand('help [commande]', 'Aide d’une commande')
    .helpOption('-h, --help', 'Cette aide')
    .showHelpAfterError('(npm run cli -- help : toutes les commandes)');
  for (const register of COMMANDS) register(program, ctx);
  if (argv.length === 0) argv = ['help'];
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      io.err(`${error.message}\n${(error.extra.issues ?? []).map((i) => `  ${i.ligne !== undefined ? `ligne ${i.ligne} : ` : ''}${i.message}\n`).join('')}`);
      return 1;
    }
    throw error;
  }
}
