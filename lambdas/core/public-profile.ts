/**
 * A configuration's public profile: what the hosted error page may show about the client to the person
 * who was signing in (its name, where to sign in again, whom to ask). Public by design, so it holds
 * nothing secret, and everything in it is checked here: the CLI refuses a bad value, and the profile
 * route re-checks what it reads so that a hand-edited item never reaches a browser.
 */
import { InfoauthError } from './errors';
import { isEmail, parseHttpUrl } from './identifiers';

export interface PublicProfile {
  /** Shown as "You were signing in to <displayName>"; never translated. */
  readonly displayName?: string;
  /** The client's portal, for "Sign in again" (104, 105, 106). */
  readonly loginUrl?: string;
  readonly supportEmail?: string;
  readonly supportUrl?: string;
}

export const PUBLIC_PROFILE_FIELDS = ['displayName', 'loginUrl', 'supportEmail', 'supportUrl'] as const;
export type PublicProfileField = (typeof PUBLIC_PROFILE_FIELDS)[number];

export const MAX_DISPLAY_NAME_LENGTH = 100;

/**
 * Where the hosted error page reads a profile: `GET /profiles/<clientId>`, on the page's own origin
 * (the local server; CloudFront in front of the API in AWS).
 */
export const PROFILE_PATH_PREFIX = '/profiles/';
/**
 * How long browsers and CloudFront may keep a profile answer. CloudFront's Age header counts against a
 * browser's max-age, so with the function's own 4 s cache a profile change shows within 5 minutes.
 */
export const PROFILE_MAX_AGE_SECONDS = 240;
// C0/C1 controls, and the bidi embedding/override/isolate marks that could reorder what the page shows.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The CLI option that sets each field, for messages. */
const OPTION_NAMES: Readonly<Record<PublicProfileField, string>> = {
  displayName: '--display-name',
  loginUrl: '--login-url',
  supportEmail: '--support-email',
  supportUrl: '--support-url',
};

/** A profile URL follows the rule of every configuration URL: {@link parseHttpUrl}. */
export const parsePublicUrl = parseHttpUrl;

/** True when `value` may be shown as the client's name: 1-100 characters, no control characters. */
export function isDisplayName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    // Counted in code points, as a person counts characters; no string is split here.
    // eslint-disable-next-line @typescript-eslint/no-misused-spread
    [...value].length <= MAX_DISPLAY_NAME_LENGTH &&
    !CONTROL_CHARACTERS.test(value)
  );
}

/** The normalised value of one field, or undefined when it is not acceptable. */
function checkedField(field: PublicProfileField, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  switch (field) {
    case 'displayName':
      return isDisplayName(value) ? value : undefined;
    case 'supportEmail':
      return isEmail(value) ? value : undefined;
    case 'loginUrl':
    case 'supportUrl':
      return parsePublicUrl(value)?.href;
  }
}

function reasonFor(field: PublicProfileField): string {
  switch (field) {
    case 'displayName':
      return `1 to ${MAX_DISPLAY_NAME_LENGTH} characters, without control characters`;
    case 'supportEmail':
      return 'an email address';
    case 'loginUrl':
    case 'supportUrl':
      return 'an https URL (http only on localhost, 127.0.0.1 or [::1]) without credentials';
  }
}

/**
 * Applies profile changes to a profile: a string sets the field, `''` removes it, undefined keeps it.
 * Throws InfoauthError('invalid-input') naming the option when a value is not acceptable.
 *
 * @example withProfileChanges(undefined, { displayName: 'Acme Portal' }) // { displayName: 'Acme Portal' }
 */
export function withProfileChanges(
  current: PublicProfile | undefined,
  changes: Partial<Record<PublicProfileField, string>>,
): PublicProfile | undefined {
  const next: Partial<Record<PublicProfileField, string>> = { ...current };
  for (const field of PUBLIC_PROFILE_FIELDS) {
    const value = changes[field];
    if (value === undefined) continue;
    if (value === '') {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- field is one of PUBLIC_PROFILE_FIELDS
      delete next[field];
      continue;
    }
    const checked = checkedField(field, value);
    if (checked === undefined) {
      throw new InfoauthError('invalid-input', `${OPTION_NAMES[field]} must be ${reasonFor(field)}`);
    }
    next[field] = checked;
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/**
 * The profile as stored data says, keeping only the fields that pass the checks (a hand-edited item
 * with a `javascript:` URL loses that field), or undefined when nothing is left.
 */
export function publicProfileFrom(stored: unknown): PublicProfile | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const profile: Partial<Record<PublicProfileField, string>> = {};
  for (const field of PUBLIC_PROFILE_FIELDS) {
    const checked = checkedField(field, (stored as Record<string, unknown>)[field]);
    if (checked !== undefined) profile[field] = checked;
  }
  return Object.keys(profile).length > 0 ? profile : undefined;
}

/** The document the profile route serves for one client: its id and the checked profile fields. */
export interface PublicProfileDocument extends PublicProfile {
  readonly clientId: string;
}

/** The public document of a configuration, or undefined when it has no profile (the page stays generic). */
export function publicProfileDocument(config: {
  readonly clientId: string;
  readonly profile?: PublicProfile;
}): PublicProfileDocument | undefined {
  const profile = publicProfileFrom(config.profile);
  return profile ? { clientId: config.clientId, ...profile } : undefined;
}
