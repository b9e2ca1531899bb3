/**
 * The handler's Powertools observability for the local run: the same JSON log lines as in CloudWatch,
 * written to `.local/logs/sso.log` (one JSON object per line, what `admin find --local` reads), and a
 * short summary of each sign-in outcome for the terminal. EMF metrics are off locally.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS } from '../../lambdas/core/catalog';
import { SERVICE_NAME, type Observability } from '../../lambdas/sso/observability';

/** What the terminal shows of one handler log line: its outcome, keyed by the request's ref. */
export interface LogSummary {
  readonly ref?: string;
  readonly text: string;
}

/** A Powertools logger that appends each line to a file instead of stdout, and reports a summary. */
class FileLogger extends Logger {
  constructor(
    private readonly file: string,
    private readonly onLine: (summary: LogSummary) => void,
  ) {
    super({ serviceName: SERVICE_NAME });
  }

  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const attributes = log.getAttributes() as Record<string, unknown>;
    // Synchronous so lines stay whole and in order; a local run logs a few lines a second at most.
    appendFileSync(this.file, `${JSON.stringify(attributes, this.getJsonReplacer())}\n`);
    this.onLine(summarise(attributes));
  }
}

/** Metrics reach CloudWatch as EMF lines on stdout in AWS; locally they would only clutter the terminal. */
class SilentMetrics extends Metrics {
  override publishStoredMetrics(): this {
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }
}

function summarise(line: Record<string, unknown>): LogSummary {
  const field = (name: string) => {
    const value = line[name];
    return typeof value === 'string' ? value : undefined;
  };
  const ref = field('ref');
  const parts =
    field('outcome') === 'refused'
      ? [`refused ${field('code')} ${field('reason')}`, field('clientId'), field('email')]
      : field('outcome') === 'signed-in'
        ? ['signed in', field('clientId'), field('email')]
        : [`${field('level')?.toLowerCase()}: ${field('message')}`];
  return { ref, text: parts.filter((part) => part !== undefined).join(' ') };
}

/**
 * Observability for the handler in the local server.
 * @param logFile created with its directory if missing; lines are appended
 * @param onLine called with a one-line summary of every log line (the server prints it with the request)
 */
export function createLocalObservability(logFile: string, onLine: (summary: LogSummary) => void): Observability {
  mkdirSync(dirname(logFile), { recursive: true });
  return {
    logger: new FileLogger(logFile, onLine),
    metrics: new SilentMetrics({ namespace: METRICS.namespace, serviceName: SERVICE_NAME }),
  };
}
