/**
 * What every command line shares: argument errors get the usage message and
 * exit code 2, user mistakes one line on stderr and exit code 1, never a
 * stack trace; --help prints the usage on stdout and exits 0.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake the user can fix (a bad argument, a missing file): one line, no stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** 2 for bad arguments (the usage is printed), 1 for other failures. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs with the usage on error. `help` (-h, --help) is added to the
 * options. Throws UsageError for an unknown option, a missing value or an
 * unexpected positional argument.
 */
export function parseCommandLine<O extends Options>(options: O, config: { allowPositionals?: boolean; args?: string[] } = {}) {
  try {
    return parseArgs({
      args: config.args ?? process.argv.slice(2),
      options: { ...options, help: { type: 'boolean', short: 'h', default: false } } as O & {
        help: { type: 'boolean'; short: 'h'; default: false };
      },
      allowPositionals: config.allowPositionals ?? false,
      strict: true,
    });
  } catch (e) {
    // node:util's messages are clear but long ("... To specify a positional argument starting with a '-' ..."): keep the first sentence.
    const message = (e as Error).message.split(/\. (?=To |If )/)[0].replace(/\.$/, '');
    throw new UsageError(message);
  }
}

/**
 * Runs a command's main function and turns its outcome into an exit code:
 * its return value; 2 with the usage for a UsageError; 1 with one line for any
 * other error (a stack trace only with TIFA_DEBUG=1).
 */
export function runCommand(name: string, usage: string, main: () => Promise<number> | number): void {
  const fail = (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`${name}: ${e.message}`);
      if (e.exitCode === 2) console.error(`\n${usage}`);
      process.exitCode = e.exitCode;
      return;
    }
    console.error(`${name}: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.TIFA_DEBUG) console.error((e as Error)?.stack);
    process.exitCode = 1;
  };
  try {
    Promise.resolve(main()).then((code) => {
      process.exitCode = code;
    }, fail);
  } catch (e) {
    fail(e);
  }
}

/** A whole number within bounds, or a UsageError naming the option. */
export function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}
