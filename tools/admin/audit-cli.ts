/** The `audit` command on the command line, and the one-line form of a record that `find` shares. */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AuditRecord, AuditValue } from '../../lambdas/core/audit';
import type { InfoauthError } from '../../lambdas/core/errors';
import { parseSince } from '../support/request-ref';
import { listAudit, type AuditListing } from './audit-commands';
import { runOnTarget, withTargetOptions, type CliRuntime, type TargetCommandOptions } from './command-runner';

function sinceArgument(value: string): number {
  try {
    return parseSince(value);
  } catch (error) {
    throw new InvalidArgumentError((error as InfoauthError).message);
  }
}

const shown = (value: AuditValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `2026-11-29T21:40:00.000Z  sso disable  CID acme  by arn:…  ssoEnabled=false` */
export function auditLine(record: AuditRecord): string {
  const subject = [
    record.clientId !== undefined ? `client ${record.clientId}` : undefined,
    record.cid !== undefined ? `CID ${record.cid}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const changes = Object.entries(record.changes)
    .map(([name, value]) => `${name}=${shown(value)}`)
    .join(' ');
  return [record.at, record.action, subject, `by ${record.actor}`, changes].filter(Boolean).join('  ');
}

function listingText(listing: AuditListing): string {
  const scope = [
    listing.clientId !== undefined ? `client ${listing.clientId}` : undefined,
    listing.cid !== undefined ? `CID ${listing.cid}` : undefined,
    listing.since !== undefined ? `since ${listing.since}` : undefined,
  ].filter(Boolean);
  const head = `${listing.records.length} change(s)${scope.length ? ` (${scope.join(', ')})` : ''}, newest first`;
  return [head, ...listing.records.map(auditLine)].join('\n');
}

interface AuditOptions extends TargetCommandOptions {
  readonly since?: number;
  readonly clientId?: string;
  readonly cid?: string;
}

export function auditCommand(runtime: CliRuntime): Command {
  return withTargetOptions(
    new Command('audit')
      .description(
        'every change made with this CLI, newest first: time, actor, action, client id or CID, changed fields ' +
          '(never a secret, hash or private key)',
      )
      .addOption(
        new Option('--since <duration>', 'only changes this recent: e.g. 30m, 24h, 7d (default: all)').argParser(
          sinceArgument,
        ),
      )
      .option('--client-id <id>', "only this client's changes, with its CID's SSO switches")
      .option('--cid <CID>', 'only changes of this CID'),
  ).action((options: AuditOptions) =>
    runOnTarget(
      runtime,
      options,
      (deps) =>
        listAudit(deps, {
          ...(options.since !== undefined ? { sinceSeconds: options.since } : {}),
          ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
          ...(options.cid !== undefined ? { cid: options.cid } : {}),
        }),
      (listing) => ({ text: listingText(listing) }),
    ),
  );
}
