/**
 * The public profile's options (`--display-name`, `--login-url`, `--support-email`, `--support-url`),
 * for every command that sets a configuration's fields. An empty value (`--login-url ''`) removes the
 * field; the values are checked by the core (lambdas/core/public-profile.ts), which names the option.
 */
import type { Command } from 'commander';
import type { PublicProfileField } from '../../lambdas/core/public-profile';

export interface ProfileOptions {
  displayName?: string;
  loginUrl?: string;
  supportEmail?: string;
  supportUrl?: string;
}

/** Adds the profile options to `command`. */
export function withProfileOptions(command: Command): Command {
  return command
    .option('--display-name <text>', 'the name the error page shows ("You were signing in to …"), at most 100 chars')
    .option('--login-url <URL>', 'where "Sign in again" on the error page leads (https)')
    .option('--support-email <address>', 'the support address the error page offers, with the code and ref filled in')
    .option('--support-url <URL>', 'the support page the error page links to (https)');
}

/** The profile changes the options ask for (only the options given). */
export function profileChanges(options: ProfileOptions): Partial<Record<PublicProfileField, string>> {
  const changes: Partial<Record<PublicProfileField, string>> = {};
  if (options.displayName !== undefined) changes.displayName = options.displayName;
  if (options.loginUrl !== undefined) changes.loginUrl = options.loginUrl;
  if (options.supportEmail !== undefined) changes.supportEmail = options.supportEmail;
  if (options.supportUrl !== undefined) changes.supportUrl = options.supportUrl;
  return changes;
}
