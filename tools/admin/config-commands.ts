/**
 * `config create|get|list|update|delete|rotate-secret`: SSO configurations, as an operator sees them. The
 * client secret is returned only by create and rotate-secret, once; its hash never leaves the store.
 */
import { configChanges, type ConfigReplaceAction } from '../../lambdas/core/audit';
import { generateClientId, generateClientSecret } from '../../lambdas/core/client-secret';
import {
  newSsoConfig,
  parsePublicJwks,
  updatedSsoConfig,
  withRotatedSecret,
  type ConfigSettings,
} from '../../lambdas/core/config-admin';
import { InfoauthError } from '../../lambdas/core/errors';
import { isClientId } from '../../lambdas/core/identifiers';
import type { AssertionDelivery, PublicJwk, SsoConfig } from '../../lambdas/core/model';
import type { PublicProfile } from '../../lambdas/core/public-profile';
import type { SsoFeatureState } from '../../lambdas/core/ports';
import type { AdminDeps } from './admin-deps';
import { generateClientSigningKey } from './client-signing-key';

/** A configuration without its secret hashes; times as ISO 8601. */
export interface ConfigView {
  readonly clientId: string;
  readonly cid: string;
  readonly targetUrl: string;
  readonly allowedOrigins: readonly string[];
  readonly errorUrl?: string;
  readonly keys: readonly PublicJwk[];
  /** Where the service fetches more of the client's keys. */
  readonly jwksUri?: string;
  readonly maxTokenAge: number;
  readonly clockTolerance: number;
  readonly assertionDelivery: AssertionDelivery;
  readonly requireAud: boolean;
  /** The optional claims copied from the client's token into the assertion (empty: none). */
  readonly claims: readonly string[];
  /** What the hosted error page shows about the client; public. */
  readonly profile?: PublicProfile;
  /** Set while a previous secret is still accepted (until this time). */
  readonly previousSecretValidUntil?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Grows by one with every change. */
  readonly version: number;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** What an operator may see of a configuration: everything but the secret hashes. */
export function configView(config: SsoConfig, now: Date): ConfigView {
  const previous = config.previousSecret;
  return {
    clientId: config.clientId,
    cid: config.cid,
    targetUrl: config.targetUrl,
    allowedOrigins: config.allowedOrigins,
    ...(config.errorUrl !== undefined ? { errorUrl: config.errorUrl } : {}),
    keys: config.jwks.keys,
    ...(config.jwksUri !== undefined ? { jwksUri: config.jwksUri } : {}),
    maxTokenAge: config.maxTokenAge,
    clockTolerance: config.clockTolerance,
    assertionDelivery: config.assertionDelivery ?? 'query',
    requireAud: config.requireAud ?? false,
    claims: config.claims ?? [],
    ...(config.profile ? { profile: config.profile } : {}),
    ...(previous && previous.expiresAt > seconds(now) ? { previousSecretValidUntil: iso(previous.expiresAt) } : {}),
    createdAt: iso(config.createdAt),
    updatedAt: iso(config.updatedAt),
    version: config.version,
  };
}

export interface CreateConfigInput extends ConfigSettings {
  readonly cid: string;
  /** The text of a JWKS file (public keys); a key pair is generated when absent, unless a JWKS URI is given. */
  readonly jwks?: string;
}

export interface CreatedConfig {
  readonly clientId: string;
  /** Shown once. */
  readonly clientSecret: string;
  readonly config: ConfigView;
  /** Only when the key pair was generated here: the private half is not stored anywhere. */
  readonly signingKey?: { readonly kid: string; readonly privateJwk: Record<string, unknown> };
}

/** Validates and stores a new configuration with a fresh client id and secret. */
export async function createConfig(deps: AdminDeps, input: CreateConfigInput): Promise<CreatedConfig> {
  const fromUri = typeof input.jwksUri === 'string';
  const generated = input.jwks === undefined && !fromUri ? await generateClientSigningKey() : undefined;
  const keys = input.jwks === undefined ? (generated ? [generated.publicJwk] : []) : parsePublicJwks(input.jwks);
  const clientSecret = generateClientSecret();
  const now = deps.now();
  const { jwks: _text, ...settings } = input;
  const config = newSsoConfig(
    { ...settings, clientId: generateClientId(), secret: clientSecret, keys },
    seconds(now),
    deps.jwksUriPolicy,
  );
  await deps.configs.create(config);
  return {
    clientId: config.clientId,
    clientSecret,
    config: configView(config, now),
    ...(generated ? { signingKey: { kid: generated.kid, privateJwk: { ...generated.privateJwk } } } : {}),
  };
}

/** The stored configuration, or InfoauthError 'invalid-input' / 'not-found'. */
export async function existingConfig(deps: AdminDeps, clientId: string): Promise<SsoConfig> {
  if (!isClientId(clientId)) {
    throw new InfoauthError('invalid-input', `"${clientId}" is not a client id (letters, digits, "-", "_"; 1-64)`);
  }
  const config = await deps.configs.get(clientId);
  if (!config) throw new InfoauthError('not-found', `no SSO configuration has client id ${clientId}`);
  return config;
}

export async function getConfig(
  deps: AdminDeps,
  clientId: string,
): Promise<{ config: ConfigView; ssoState: SsoFeatureState }> {
  const config = await existingConfig(deps, clientId);
  const { state } = await deps.configs.ssoStatus(config.cid);
  return { config: configView(config, deps.now()), ssoState: state };
}

export async function listConfigs(deps: AdminDeps): Promise<{ configs: ConfigView[] }> {
  const now = deps.now();
  return { configs: (await deps.configs.list()).map((config) => configView(config, now)) };
}

export async function deleteConfig(deps: AdminDeps, clientId: string): Promise<{ deleted: string; cid: string }> {
  const config = await existingConfig(deps, clientId);
  await deps.configs.delete(config);
  return { deleted: clientId, cid: config.cid };
}

export interface RotatedSecret {
  readonly clientId: string;
  /** Shown once. */
  readonly clientSecret: string;
  /** Until when the previous secret is still accepted; absent with a grace period of 0. */
  readonly previousSecretValidUntil?: string;
}

/** Gives the configuration a new secret; the previous one stays valid for the grace period (default 1 day). */
export async function rotateSecret(
  deps: AdminDeps,
  clientId: string,
  gracePeriod: number | undefined,
): Promise<RotatedSecret> {
  const config = await existingConfig(deps, clientId);
  const clientSecret = generateClientSecret();
  const now = deps.now();
  const rotated = withRotatedSecret(config, clientSecret, gracePeriod, seconds(now));
  await deps.configs.replace({ action: 'config rotate-secret', before: config, after: rotated });
  const previous = rotated.previousSecret;
  return { clientId, clientSecret, ...(previous ? { previousSecretValidUntil: iso(previous.expiresAt) } : {}) };
}

/** How often a change is re-applied to a configuration that someone else changed meanwhile. */
const CHANGE_ATTEMPTS = 3;

/**
 * Applies `change` to the stored configuration under its version lock. When someone else wrote a new
 * version meanwhile, the change is re-applied to that version (so neither is lost); after
 * {@link CHANGE_ATTEMPTS} such races it fails with InfoauthError 'conflict' and nothing of it is stored.
 */
export async function changeConfig(
  deps: AdminDeps,
  clientId: string,
  action: ConfigReplaceAction,
  change: (config: SsoConfig, nowSeconds: number) => SsoConfig,
): Promise<{ before: SsoConfig; after: SsoConfig }> {
  let lastConflict: unknown;
  for (let attempt = 1; attempt <= CHANGE_ATTEMPTS; attempt += 1) {
    const before = await existingConfig(deps, clientId);
    const after = change(before, seconds(deps.now()));
    try {
      await deps.configs.replace({ action, before, after });
      return { before, after };
    } catch (error) {
      if (!(error instanceof InfoauthError && error.code === 'conflict')) throw error;
      lastConflict = error;
    }
  }
  throw new InfoauthError(
    'conflict',
    `configuration ${clientId} kept changing while this change was applied; nothing of it was stored, try again`,
    { cause: lastConflict },
  );
}

export interface UpdatedConfig {
  readonly clientId: string;
  /** The settings whose stored value changed. */
  readonly changed: readonly string[];
  readonly config: ConfigView;
}

/** Changes the given settings of a configuration; the others keep their values. */
export async function updateConfig(deps: AdminDeps, clientId: string, change: ConfigSettings): Promise<UpdatedConfig> {
  const { before, after } = await changeConfig(deps, clientId, 'config update', (config, now) =>
    updatedSsoConfig(config, change, now, deps.jwksUriPolicy),
  );
  return { clientId, changed: Object.keys(configChanges(before, after)), config: configView(after, deps.now()) };
}
