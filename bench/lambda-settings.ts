/**
 * The SSO function's memory size and architecture, read from the stack's source (lib/), so the cost
 * follows the stack. Read as text rather than imported: importing lib/ would load aws-cdk-lib into the
 * bench (seconds and hundreds of megabytes) for two literals. A change of form there fails loudly here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../lib/sso-bundling';

export interface LambdaSettings {
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
}

function match(file: string, pattern: RegExp, what: string): string {
  const text = readFileSync(join(REPOSITORY_ROOT, file), 'utf8');
  const found = pattern.exec(text)?.[1];
  if (found === undefined) throw new Error(`cannot read the SSO function's ${what} from ${file} (${pattern})`);
  return found;
}

export function ssoLambdaSettings(): LambdaSettings {
  const memoryMb = Number(match('lib/sso-function.ts', /memorySize:\s*(\d+)/, 'memory size'));
  const architecture = match(
    'lib/bundled-function.ts',
    /architecture:\s*Architecture\.(ARM_64|X86_64)/,
    'architecture',
  );
  return { memoryMb, architecture: architecture === 'ARM_64' ? 'arm64' : 'x86_64' };
}
