/**
 * Small checks that narrow untrusted strings to the forms Infoauth accepts. The same rules serve the
 * SSO endpoint (refuse with a code) and the admin CLI (refuse with a message).
 */
import { MAX_EMAIL_LENGTH } from './model';

declare const brand: unique symbol;
type Branded<T, B> = T & { readonly [brand]: B };

export type ClientId = Branded<string, 'ClientId'>;
export type Cid = Branded<string, 'Cid'>;
export type Email = Branded<string, 'Email'>;

/** Client ids as Infoauth issues them: letters, digits, `-`, `_`; 1 to 64 characters. */
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A CID: starts with a letter or digit; then letters, digits, `.`, `_`, `-`; at most 64 characters. */
const CID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** An email as a dot-atom local part and a DNS host name, ASCII only (no lookalike characters). */
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const MAX_LOCAL_PART_LENGTH = 64;

export function isClientId(value: unknown): value is ClientId {
  return typeof value === 'string' && CLIENT_ID.test(value);
}

export function isCid(value: unknown): value is Cid {
  return typeof value === 'string' && CID.test(value);
}

/** A valid address: at most 254 characters, ASCII without control characters, `local@host.domain`. */
export function isEmail(value: unknown): value is Email {
  if (typeof value !== 'string' || value.length > MAX_EMAIL_LENGTH || !EMAIL.test(value)) return false;
  return value.indexOf('@') <= MAX_LOCAL_PART_LENGTH;
}

/**
 * Masks an email for logs: keeps the first character of the local part and the domain.
 * @example maskEmail('jane.doe@example.com') === 'j***@example.com'
 */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${value[0]}***${value.slice(at)}`;
}

/** Hosts on which plain `http` is allowed: a laptop's own loopback, never the network. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An absolute `https` URL (`http` only on localhost, 127.0.0.1 or [::1]) without credentials, at most
 * 2048 characters, or undefined. Every URL of a configuration and every `return_to` must be one.
 */
export function parseHttpUrl(value: string): URL | undefined {
  if (value.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '') return undefined;
  if (url.protocol === 'https:') return url;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) ? url : undefined;
}

/** True when `value` is exactly an origin (`scheme://host[:port]`, nothing after it). */
export function isOrigin(value: string): boolean {
  const url = parseHttpUrl(value);
  return url !== undefined && url.origin === value;
}
