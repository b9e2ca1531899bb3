/**
 * Fetches a client's JWKS over https without opening an SSRF hole: the host is resolved once, every
 * address it resolves to must be public (lambdas/core/public-address.ts), and the connection goes to
 * that checked address (the original host travels as Host and TLS server name, and the certificate is
 * checked against it), so a second lookup cannot swap in a private address (DNS rebinding). No
 * redirects, at most 64 KB (the read is cut off there), 2 s for everything, strict JSON, and every key
 * through the acceptance rules. Under the local run, http and loopback are allowed too.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { acceptClientKeys } from '../../core/client-key-acceptance';
import { InfoauthError } from '../../core/errors';
import { JWKS_URI_MAX_BYTES, JWKS_URI_TIMEOUT_MS } from '../../core/jwks-uri';
import type { PublicJwk } from '../../core/model';
import { isLoopbackAddress, isPublicAddress } from '../../core/public-address';
import { isJsonObject, parseStrictJson } from '../../core/strict-json';

/** One address a host name resolves to, as node:dns gives it. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to all its addresses (injectable: tests control what a name resolves to). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, order: 'verbatim' });

export interface JwksFetcherOptions {
  readonly resolver?: HostResolver;
  /** `npm start` only: http URIs and loopback addresses are allowed (a JWKS served on the laptop). */
  readonly localRun?: boolean;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Certificates trusted besides Node's default CAs (PEM): tests serve https with their own CA. */
  readonly extraCa?: string;
}

/** Why a fetch failed; the message names the URI and the cause, on one line. */
export class JwksFetchError extends InfoauthError {
  constructor(uri: string, why: string) {
    super('dependency-failed', `could not fetch the client's keys from ${uri}: ${why}`);
  }
}

/** Fetches and checks the keys published at a JWKS URI. */
export interface JwksFetcher {
  fetch(uri: string, registered: readonly PublicJwk[]): Promise<PublicJwk[]>;
}

const LITERAL_V6 = /^\[(.*)\]$/;

/** Rejects when `signal` aborts (a resolver that hangs must not outlive the deadline). */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('aborted'));
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

export function createJwksFetcher(options: JwksFetcherOptions = {}): JwksFetcher {
  const resolver = options.resolver ?? systemResolver;
  const localRun = options.localRun ?? false;
  const timeoutMs = options.timeoutMs ?? JWKS_URI_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? JWKS_URI_MAX_BYTES;
  const allowed = (address: string) => isPublicAddress(address) || (localRun && isLoopbackAddress(address));

  /** The one address to connect to, or a JwksFetchError when any address of the host is refused. */
  async function checkedAddress(uri: string, host: string, signal: AbortSignal): Promise<string> {
    if (isIP(host) !== 0) {
      if (!allowed(host)) throw new JwksFetchError(uri, `${host} is not a public address`);
      return host;
    }
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await Promise.race([resolver(host), whenAborted(signal)]);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new JwksFetchError(uri, `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const first = addresses[0];
    if (first === undefined) throw new JwksFetchError(uri, `${host} does not resolve`);
    // Every address must pass, not only the one used: a name that also points inside is refused.
    const refused = addresses.find(({ address }) => !allowed(address));
    if (refused) throw new JwksFetchError(uri, `${host} resolves to ${refused.address}, not a public address`);
    return first.address;
  }

  function readBody(uri: string, response: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        reject(new JwksFetchError(uri, `the answer is larger than ${maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          reject(new JwksFetchError(uri, `the answer is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        try {
          resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
        } catch {
          reject(new JwksFetchError(uri, 'the answer is not UTF-8'));
        }
      });
      response.on('error', () => reject(new JwksFetchError(uri, 'the answer was cut off')));
    });
  }

  async function download(uri: string, url: URL, signal: AbortSignal): Promise<string> {
    const host = LITERAL_V6.exec(url.hostname)?.[1] ?? url.hostname;
    const address = await checkedAddress(uri, host, signal);
    signal.throwIfAborted();
    const https = url.protocol === 'https:';
    const request = https ? httpsRequest : httpRequest;
    return new Promise<string>((resolve, reject) => {
      const req = request({
        host: address,
        port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { Host: url.host, Accept: 'application/json', 'User-Agent': 'infoauth-jwks-fetch' },
        // The certificate is checked against the host name, while the socket goes to the checked address.
        ...(https && isIP(host) === 0 ? { servername: host } : {}),
        ...(https && options.extraCa !== undefined ? { ca: [...rootCertificates, options.extraCa] } : {}),
        signal,
        agent: false,
      });
      req.on('response', (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.destroy();
          reject(new JwksFetchError(uri, `it answered ${status}, a redirect (redirects are not followed)`));
          return;
        }
        if (status !== 200) {
          response.destroy();
          reject(new JwksFetchError(uri, `it answered ${status}`));
          return;
        }
        readBody(uri, response).then(resolve, reject);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (signal.aborted) reject(new JwksFetchError(uri, `no complete answer within ${timeoutMs} ms`));
        else reject(new JwksFetchError(uri, error.code ?? error.message));
      });
      req.end();
    });
  }

  function keysOf(uri: string, text: string, registered: readonly PublicJwk[]): PublicJwk[] {
    let parsed;
    try {
      parsed = parseStrictJson(text);
    } catch {
      throw new JwksFetchError(uri, 'the answer is not valid JSON');
    }
    if (!isJsonObject(parsed) || !Array.isArray(parsed.keys)) {
      throw new JwksFetchError(uri, 'the answer is not a JWKS (a JSON object with "keys")');
    }
    try {
      return acceptClientKeys(parsed.keys, registered);
    } catch (error) {
      throw new JwksFetchError(uri, `a key is refused: ${(error as Error).message}`);
    }
  }

  return {
    async fetch(uri, registered) {
      const url = new URL(uri);
      if (url.protocol !== 'https:' && !(localRun && url.protocol === 'http:')) {
        throw new JwksFetchError(uri, 'only https is allowed');
      }
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const text = await download(uri, url, controller.signal);
        return keysOf(uri, text, registered);
      } catch (error) {
        // Past the deadline, whatever broke (the lookup, the socket, the body) broke because of it.
        if (controller.signal.aborted) throw new JwksFetchError(uri, `no complete answer within ${timeoutMs} ms`);
        if (error instanceof JwksFetchError) throw error;
        throw new JwksFetchError(uri, (error as Error).message);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
