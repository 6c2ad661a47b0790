/** What a server action hands back to an editing form. */
export type FormState =
  | { status: 'idle' }
  | { status: 'ok'; message: string; nonce: string; /** What the sanitiser leaves out of the saved text, in words. */ removed?: string }
  | { status: 'invalid'; message: string; fields: Record<string, string>; yours?: Record<string, string> }
  | { status: 'error'; message: string; fields?: Record<string, string> }
  | {
      status: 'conflict';
      message: string;
      yours: Record<string, string>;
      /** The stored values now, with their version (null if deleted meanwhile). */
      current: (Record<string, string | number | boolean> & { version: number }) | null;
    };

export const IDLE: FormState = { status: 'idle' };
