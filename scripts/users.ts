/**
 * npm run users -- add|list|disable|enable|passwd|role ... : manages the accounts that may write.
 */
import { parseArgs } from 'node:util';
import { ensureMigrated } from '../lib/db/sqlite';

const HELP = `Usage: npm run users -- <command> [arguments]

Manages the accounts of the database named by DATABASE_URL (default file:./data/tifa.db).
Readers need no account; editors write notes and entry fields and promote search
strings; admins also restore deleted content. The first admin is made with "add".

Commands:
  add NAME --role editor|admin|reader   add a user; the password is read from standard
                                        input (first line) when it is not a terminal,
                                        and asked for (twice, not shown) when it is
  list                                  list users: name, role, status, created (tab-separated)
  disable NAME                          stop NAME from signing in (signs them out everywhere)
  enable NAME                           let a disabled user sign in again
  passwd NAME                           set a new password (read like "add"; signs NAME out)
  role NAME editor|admin|reader         change NAME's role

Options:
  -h, --help                            this help

Examples:
  npm run users -- add alice --role admin
  printf 'a long passphrase\\n' | npm run -s users -- add bob --role editor`;

class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

/** The first line of standard input (a pipe or file). */
async function readPipedPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** Asks for a password on the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(name: string): Promise<string> {
  if (!process.stdin.isTTY) return readPipedPassword();
  const first = await prompt(`Password for ${name}: `);
  const again = await prompt('Again: ');
  if (first !== again) usage('the two passwords differ; nothing was changed');
  return first;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (!command) usage('a command is needed: add, list, disable, enable, passwd or role');
  const arity: Record<string, number> = { add: 1, list: 0, disable: 1, enable: 1, passwd: 1, role: 2 };
  if (!(command in arity)) usage(`unknown command "${command}"`);
  if (rest.length !== arity[command]) usage(`"${command}" takes ${arity[command] === 0 ? 'no arguments' : arity[command] === 1 ? 'a user name' : 'a user name and a role'}`);
  if (values.role !== undefined && command !== 'add') usage('--role goes with "add" (use "role NAME ROLE" to change a role)');
  if (command === 'add' && !values.role) usage('add needs --role editor, admin or reader');

  ensureMigrated();
  const users = await import('../lib/auth/users');
  const { nameProblem, isRole } = await import('../lib/auth/roles');
  const show = (u: { name: string; role: string; disabled: boolean }) => `${u.name} (${u.role}${u.disabled ? ', disabled' : ''})`;
  try {
    switch (command) {
      case 'add': {
        const [name] = rest;
        const bad = nameProblem(name) ?? (isRole(values.role) ? null : `--role must be editor, admin or reader, not "${values.role}"`);
        if (bad) usage(bad);
        if (await users.findUser(name)) throw new users.UserError(`there is already a user "${name}"`);
        const u = await users.addUser(name, values.role!, await readPassword(name));
        console.error(`users: added ${show(u)}`);
        return 0;
      }
      case 'list': {
        for (const u of await users.listUsers()) {
          console.log([u.name, u.role, u.disabled ? 'disabled' : 'active', u.createdAt.toISOString()].join('\t'));
        }
        return 0;
      }
      case 'disable':
      case 'enable': {
        const u = await users.setDisabled(rest[0], command === 'disable');
        console.error(`users: ${command}d ${show(u)}`);
        return 0;
      }
      case 'passwd': {
        if (!(await users.findUser(rest[0]))) throw new users.UserError(`there is no user "${rest[0]}"`);
        const u = await users.setPassword(rest[0], await readPassword(rest[0]));
        console.error(`users: new password for ${show(u)}; their sessions were ended`);
        return 0;
      }
      case 'role': {
        if (!isRole(rest[1])) usage(`the role must be editor, admin or reader, not "${rest[1]}"`);
        const u = await users.setRole(rest[0], rest[1]);
        console.error(`users: ${show(u)}`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof users.UserError) {
      console.error(`users: ${e.message.replace(/^./, (c) => c.toLowerCase())}`);
      return 1;
    }
    throw e;
  } finally {
    const { prisma } = await import('../lib/db/client');
    await prisma.$disconnect();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`users: ${(e as Error).message}\n\n${HELP.split('\n\n')[0]}\nRun "npm run users -- --help" for the commands.`);
      process.exitCode = 2;
      return;
    }
    console.error(`users: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
