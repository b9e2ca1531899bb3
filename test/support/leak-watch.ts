/**
 * The secrets a hardening test handed to the service, and a scan for them in log lines and redirects:
 * client secrets, whole tokens, token signature segments and unmasked emails must never come back out.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type SensitiveKind = 'client secret' | 'token' | 'signature segment' | 'email';

export interface Leak {
  readonly kind: SensitiveKind;
  readonly value: string;
  readonly line: string;
}

/** Shorter values could occur by chance in an unrelated line (a 4-character signature, say). */
const MIN_WATCHED_LENGTH = 12;

export class LeakWatch {
  /** Each watched value, with its form inside a JSON string (where logs would carry it). */
  private readonly watched = new Map<string, { kind: SensitiveKind; escaped: string }>();

  secret(secret: string): string {
    this.add(secret, 'client secret');
    return secret;
  }

  /** Watches the token and its signature segment; returns the token for chaining. */
  token(token: string): string {
    this.add(token, 'token');
    const parts = token.split('.');
    if (parts.length >= 3) this.add(parts[parts.length - 1]!, 'signature segment');
    return token;
  }

  /** Watches an email; its masked form (`j***@example.com`) may appear, the email itself may not. */
  email(email: string): string {
    this.add(email, 'email');
    return email;
  }

  get size(): number {
    return this.watched.size;
  }

  /** Every watched value found in `lines`, raw or as it would appear inside a JSON string. */
  scan(lines: readonly string[]): Leak[] {
    const leaks: Leak[] = [];
    for (const line of lines) {
      for (const [value, { kind, escaped }] of this.watched) {
        if (line.includes(value) || line.includes(escaped))
          leaks.push({ kind, value: value.slice(0, 40), line: line.slice(0, 300) });
      }
    }
    return leaks;
  }

  /** Every watched value found in a redirect's Location, raw or URL-encoded. */
  scanRedirect(result: APIGatewayProxyStructuredResultV2): Leak[] {
    const locationHeader = String(result.headers?.Location ?? '');
    return this.scan([locationHeader, decodeURIComponentSafe(locationHeader)]);
  }

  private add(value: string, kind: SensitiveKind): void {
    if (value.length >= MIN_WATCHED_LENGTH)
      this.watched.set(value, { kind, escaped: JSON.stringify(value).slice(1, -1) });
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
