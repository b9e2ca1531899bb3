/**
 * Finds a request in the log that `npm start` writes (`.local/logs/sso.log` under INFOAUTH_LOCAL_DIR):
 * one Powertools JSON object per line, read as a stream so that a long-running log is never loaded whole.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { requestRecordFrom, type RequestRecord } from './request-record';

/** Lines longer than this are not the handler's (its lines are a few hundred bytes). */
const MAX_LINE_LENGTH = 64 * 1024;

/** Thrown when there is no log file: nothing has run locally, or INFOAUTH_LOCAL_DIR points elsewhere. */
export class LocalLogMissing extends Error {
  override readonly name = 'LocalLogMissing';
}

function parsedObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // a torn or foreign line: not a request of ours
  }
}

/**
 * Every SSO outcome logged for `ref` at or after `from`, oldest first.
 * @throws LocalLogMissing when `file` does not exist
 */
export async function searchLocalLog(file: string, ref: string, from: Date): Promise<RequestRecord[]> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new LocalLogMissing(`there is no log at ${file}`);
    throw error;
  }
  const found: RequestRecord[] = [];
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length > MAX_LINE_LENGTH || !line.includes(ref)) continue;
    const fields = parsedObject(line);
    if (!fields) continue;
    const record = requestRecordFrom(ref, (name) => (Object.hasOwn(fields, name) ? fields[name] : undefined));
    if (record && new Date(record.time) >= from) found.push(record);
  }
  return found;
}
