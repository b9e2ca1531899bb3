/**
 * The settings options of `config create` and `config update`: ONE table, so both commands accept the
 * same options, parsed the same way. A new setting is a field of ConfigSettings (lambdas/core), its
 * check in the core, and one row here; both commands then take it.
 */
import { Option, type Command } from 'commander';
import type { ConfigSettings } from '../../lambdas/core/config-admin';
import type { PublicProfileField } from '../../lambdas/core/public-profile';
import { PASSED_CLAIM_NAMES } from '../../lambdas/core/model';
import { collect, parseSeconds } from './cli-options';

type SettingName = keyof ConfigSettings;

export interface SettingOption {
  /** The ConfigSettings field this option sets. */
  readonly setting: SettingName;
  /** For a field that groups several values (the public profile): which one. */
  readonly part?: PublicProfileField;
  /** commander flags, e.g. `--error-url <URL>` or `--require-aud`. */
  readonly flags: string;
  readonly description: string;
  /** Turns the text into the value (throw commander's InvalidArgumentError for a malformed one: exit 2). */
  readonly parse?: (value: string, previous: unknown) => unknown;
  /** Mandatory for `config create` (e.g. the target URL). */
  readonly requiredOnCreate?: boolean;
  /** A `--no-…` option that sets the field to `value` (e.g. `--no-error-url` removes the error URL). */
  readonly negate?: { readonly flags: string; readonly description: string; readonly value: unknown };
}

/** Every setting an operator can give, in the order `--help` lists them. */
export const SETTING_OPTIONS: readonly SettingOption[] = [
  {
    setting: 'targetUrl',
    flags: '--target-url <URL>',
    description: 'where signed-in users go: an absolute http(s) URL',
    requiredOnCreate: true,
  },
  {
    setting: 'allowedOrigins',
    flags: '--allowed-origin <origin>',
    description:
      "an origin return_to and the error URL may use (repeatable; replaces the list; the target URL's origin is always allowed)",
    parse: collect as SettingOption['parse'],
  },
  {
    setting: 'errorUrl',
    flags: '--error-url <URL>',
    description: "the client's own error page, on an allowed origin",
    negate: { flags: '--no-error-url', description: "remove the client's own error page", value: null },
  },
  {
    setting: 'maxTokenAge',
    flags: '--max-token-age <s>',
    description: 'oldest accepted token iat, seconds (default 300)',
    parse: parseSeconds,
  },
  {
    setting: 'clockTolerance',
    flags: '--clock-tolerance <s>',
    description: 'allowed clock skew, seconds (default 30)',
    parse: parseSeconds,
  },
  {
    setting: 'assertionDelivery',
    flags: '--assertion-delivery <mode>',
    description: 'how the assertion reaches the target: query (default), fragment or form_post',
  },
  {
    setting: 'requireAud',
    flags: '--require-aud',
    description: 'refuse (103) a token whose aud does not name this client id, or that has none',
    negate: {
      flags: '--no-require-aud',
      description: 'accept a token without aud (one with aud must still name this client id)',
      value: false,
    },
  },
  {
    setting: 'jwksUri',
    flags: '--jwks-uri <URL>',
    description:
      "fetch the client's public keys from this https URL (public hosts only; http and loopback with --local)",
    negate: { flags: '--no-jwks-uri', description: 'stop fetching keys from a JWKS URI', value: null },
  },
  {
    setting: 'claims',
    flags: '--claim <name>',
    description: `a claim copied from the token into the assertion when present: ${PASSED_CLAIM_NAMES.join(', ')} (repeatable; replaces the list)`,
    // After `--no-claim` the previous value is false: a later `--claim` starts a new list.
    parse: (value, previous) => collect(value, Array.isArray(previous) ? (previous as string[]) : undefined),
    negate: { flags: '--no-claim', description: 'pass no claims through to the assertion', value: null },
  },
  // The public profile (shown by the hosted error page); an empty value (`--login-url ''`) removes a field.
  {
    setting: 'profile',
    part: 'displayName',
    flags: '--display-name <text>',
    description: 'the name the error page shows ("You were signing in to …"), at most 100 chars',
  },
  {
    setting: 'profile',
    part: 'loginUrl',
    flags: '--login-url <URL>',
    description: 'where "Sign in again" on the error page leads (https)',
  },
  {
    setting: 'profile',
    part: 'supportEmail',
    flags: '--support-email <address>',
    description: 'the support address the error page offers, with the code and ref filled in',
  },
  {
    setting: 'profile',
    part: 'supportUrl',
    flags: '--support-url <URL>',
    description: 'the support page the error page links to (https)',
  },
];

/** Adds every setting option to a command; `forCreate` makes the create-only mandatory ones required. */
export function withSettingOptions(command: Command, forCreate: boolean): Command {
  for (const row of SETTING_OPTIONS) {
    const option = new Option(row.flags, row.description);
    if (row.parse) option.argParser(row.parse);
    if (forCreate && row.requiredOnCreate) option.makeOptionMandatory();
    command.addOption(option);
    if (row.negate) command.addOption(new Option(row.negate.flags, row.negate.description));
  }
  return command;
}

/** The settings given on the command line, from commander's parsed option values. */
export function settingsFrom(values: Readonly<Record<string, unknown>>): ConfigSettings {
  const settings: Record<string, unknown> = {};
  for (const row of SETTING_OPTIONS) {
    const value = values[new Option(row.flags).attributeName()];
    if (value === undefined) continue;
    const setting = value === false && row.negate ? row.negate.value : value;
    if (row.part === undefined) settings[row.setting] = setting;
    else settings[row.setting] = { ...(settings[row.setting] as object | undefined), [row.part]: setting };
  }
  return settings;
}
