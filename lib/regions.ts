/**
 * The multi-region settings (`-c infoauth:regions=us-east-1,us-east-2,us-west-2` and the names that go
 * with it), checked before anything is built: a value that cannot work stops synthesis with one line.
 * No CDK import, so the check is a plain function with plain tests.
 */

/** The context keys of a three-region deployment. */
export const MULTI_REGION_CONTEXT = {
  regions: 'infoauth:regions',
  domainName: 'infoauth:domainName',
  hostedZoneId: 'infoauth:hostedZoneId',
  hostedZoneName: 'infoauth:hostedZoneName',
  certificateArn: 'infoauth:certificateArn',
  evacuate: 'infoauth:evacuate',
} as const;

/**
 * The region sets in which DynamoDB offers multi-Region strong consistency (MRSC): a table's three
 * replicas must all be in one set (AWS documentation of global tables, "Region set").
 */
export const MRSC_REGION_SETS: Readonly<Record<string, readonly string[]>> = {
  US: ['us-east-1', 'us-east-2', 'us-west-2'],
  EU: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
  AP: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
};

export interface MultiRegionSettings {
  /** The three regions, the home region first (as given). */
  readonly regions: readonly [string, string, string];
  /** Where the shared parts live and the admin CLI writes: the first region given. */
  readonly homeRegion: string;
  /** The public name of the service (the edge): `https://<domainName>/sso`. */
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  /** The edge's ACM certificate (us-east-1, as CloudFront requires). */
  readonly certificateArn: string;
  /** Regions taken out of the latency record on purpose (their health check is inverted). */
  readonly evacuated: readonly string[];
}

/** A setting that cannot work; its message is the one line synthesis prints. */
export class MultiRegionSettingsError extends Error {
  override readonly name = 'MultiRegionSettingsError';
}

type ContextReader = (key: string) => unknown;

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => String(item).trim()).filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return [];
}

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const EDGE_CERTIFICATE_ARN = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

function setsText(): string {
  return Object.entries(MRSC_REGION_SETS)
    .map(([name, regions]) => `${name}: ${regions.join(', ')}`)
    .join('; ');
}

function checkRegions(regions: string[]): asserts regions is [string, string, string] {
  const distinct = new Set(regions);
  const oneSet = Object.values(MRSC_REGION_SETS).some((set) => regions.every((region) => set.includes(region)));
  if (regions.length !== 3 || distinct.size !== 3 || !oneSet) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.regions} must be three different regions of one DynamoDB multi-Region strong consistency set (${setsText()}), not "${regions.join(',')}".`,
    );
  }
}

function text(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  return given(value) ? String(value).trim() : undefined;
}

/**
 * The multi-region settings from the CDK context, or undefined when `infoauth:regions` is not set
 * (the single-region app). Throws {@link MultiRegionSettingsError} with one line when they cannot work.
 *
 * @example
 * const settings = parseMultiRegionSettings((key) => app.node.tryGetContext(key));
 */
export function parseMultiRegionSettings(context: ContextReader): MultiRegionSettings | undefined {
  if (!given(context(MULTI_REGION_CONTEXT.regions))) {
    if (given(context(MULTI_REGION_CONTEXT.evacuate))) {
      throw new MultiRegionSettingsError(
        `${MULTI_REGION_CONTEXT.evacuate} needs ${MULTI_REGION_CONTEXT.regions} (a single-region app has no region to evacuate).`,
      );
    }
    return undefined;
  }
  const regions = list(context(MULTI_REGION_CONTEXT.regions));
  checkRegions(regions);
  const names = ['domainName', 'hostedZoneId', 'hostedZoneName', 'certificateArn'] as const;
  const missing = names.filter((name) => text(context, MULTI_REGION_CONTEXT[name]) === undefined);
  if (missing.length > 0) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.regions} needs a name: set ${missing.map((name) => MULTI_REGION_CONTEXT[name]).join(', ')} (-c key=value).`,
    );
  }
  const domainName = (text(context, MULTI_REGION_CONTEXT.domainName) ?? '').toLowerCase().replace(/\.$/, '');
  const hostedZoneName = (text(context, MULTI_REGION_CONTEXT.hostedZoneName) ?? '').toLowerCase().replace(/\.$/, '');
  const hostedZoneId = text(context, MULTI_REGION_CONTEXT.hostedZoneId) ?? '';
  const certificateArn = text(context, MULTI_REGION_CONTEXT.certificateArn) ?? '';
  if (!HOSTNAME.test(domainName) || !HOSTNAME.test(hostedZoneName)) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.domainName} and ${MULTI_REGION_CONTEXT.hostedZoneName} must be DNS names like sso.example.com, not "${domainName}" and "${hostedZoneName}".`,
    );
  }
  if (domainName === hostedZoneName || !domainName.endsWith(`.${hostedZoneName}`)) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.domainName} (${domainName}) must be a name inside the hosted zone ${hostedZoneName} (e.g. sso.${hostedZoneName}).`,
    );
  }
  if (!HOSTED_ZONE_ID.test(hostedZoneId)) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.hostedZoneId} must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ, not "${hostedZoneId}".`,
    );
  }
  if (!EDGE_CERTIFICATE_ARN.test(certificateArn)) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.certificateArn} must be an ACM certificate in us-east-1 (CloudFront uses only those), not "${certificateArn}".`,
    );
  }
  const evacuated = list(context(MULTI_REGION_CONTEXT.evacuate));
  const unknown = evacuated.filter((region) => !regions.includes(region));
  if (unknown.length > 0 || new Set(evacuated).size >= regions.length) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.evacuate} must name one or two of ${regions.join(', ')}, not "${evacuated.join(',')}".`,
    );
  }
  return {
    regions,
    homeRegion: regions[0],
    domainName,
    hostedZoneId,
    hostedZoneName,
    certificateArn,
    evacuated: [...new Set(evacuated)],
  };
}

/** The one name every region's API answers to; the latency record over the regions carries it. */
export function regionalOriginName(domainName: string): string {
  return `origin.${domainName}`;
}
