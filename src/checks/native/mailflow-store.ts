/**
 * Where the mail flow tokens live between checks and across restarts: a JSON file in the site's
 * state directory, replaced atomically (written beside it, then renamed over it) so a crash
 * leaves the old file or the new one, never half of one. Changes run one after another, so
 * checks running at the same time do not lose each other's tokens.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EMPTY_MAILFLOW_STATE, readMailflowState, type MailflowState } from './mailflow-tokens.js';

/** The name of the store's file in the state directory. */
export const MAILFLOW_FILE_NAME = 'mailflow-tokens.json';

/** A change of the state, with a value for the caller. */
export type MailflowChange<T> = (state: MailflowState) => { readonly state: MailflowState; readonly value: T };

/** What a change gives back: its value, and why the state could not be kept, if it could not. */
export interface ChangeOutcome<T> {
  readonly value: T;
  readonly problem: string | null;
}

/** The tokens of every flow of one site. */
export interface MailflowStore {
  /** Runs `change` on the current state and keeps what it returns. */
  update<T>(change: MailflowChange<T>): Promise<ChangeOutcome<T>>;
}

/** A store in memory only, for sites without a state directory and for tests. */
export function memoryMailflowStore(): MailflowStore {
  let state = EMPTY_MAILFLOW_STATE;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    update<T>(change: MailflowChange<T>): Promise<ChangeOutcome<T>> {
      const next = queue.then(() => {
        const changed = change(state);
        state = changed.state;
        return { value: changed.value, problem: null };
      });
      queue = next;
      return next;
    },
  };
}

/** A store kept in `file`; the file is read at the first change and written after each one. */
export function fileMailflowStore(file: string): MailflowStore {
  let state: MailflowState | null = null;
  let loadProblem: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<MailflowState> => {
    if (state !== null) return state;
    try {
      const read = readMailflowState(JSON.parse(await readFile(file, 'utf8')));
      if (read === null) loadProblem = `${file} is not a mail flow token file; starting with no tokens`;
      state = read ?? EMPTY_MAILFLOW_STATE;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') loadProblem = `cannot read ${file} (${describe(error)}); starting with no tokens`;
      state = EMPTY_MAILFLOW_STATE;
    }
    return state;
  };

  const save = async (next: MailflowState): Promise<string | null> => {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temporary, `${JSON.stringify(next)}\n`);
      await rename(temporary, file);
      return null;
    } catch (error) {
      return `cannot write ${file}: ${describe(error)}`;
    }
  };

  return {
    update<T>(change: MailflowChange<T>): Promise<ChangeOutcome<T>> {
      const next = queue.then(async () => {
        const before = await load();
        const changed = change(before);
        state = changed.state;
        const saveProblem = changed.state === before ? null : await save(changed.state);
        const problem = saveProblem ?? loadProblem;
        loadProblem = null;
        return { value: changed.value, problem };
      });
      // A failed change must not stop the ones after it.
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
