import {
  MULTI_REGION_CONTEXT,
  MultiRegionSettingsError,
  parseMultiRegionSettings,
  regionalOriginName,
} from '../../lib/regions';

const NAMES = {
  [MULTI_REGION_CONTEXT.domainName]: 'sso.example.com',
  [MULTI_REGION_CONTEXT.hostedZoneId]: 'Z0123456789ABCDEFGHIJ',
  [MULTI_REGION_CONTEXT.hostedZoneName]: 'example.com',
  [MULTI_REGION_CONTEXT.certificateArn]:
    'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
};
const US = 'us-east-1,us-east-2,us-west-2';

const parse = (context: Record<string, unknown>) => parseMultiRegionSettings((key) => context[key]);
/** The one line synthesis would print. */
const refusal = (context: Record<string, unknown>): string => {
  try {
    parse(context);
  } catch (error) {
    expect(error).toBeInstanceOf(MultiRegionSettingsError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('infoauth:regions', () => {
  it('is absent for the single-region app', () => {
    expect(parse({})).toBeUndefined();
    expect(parse({ ...NAMES })).toBeUndefined();
  });

  it('accepts three regions of one MRSC set with the names, the first being home', () => {
    // Act
    const settings = parse({ [MULTI_REGION_CONTEXT.regions]: 'us-west-2, us-east-1,us-east-2', ...NAMES });
    // Assess
    expect(settings).toEqual({
      regions: ['us-west-2', 'us-east-1', 'us-east-2'],
      homeRegion: 'us-west-2',
      domainName: 'sso.example.com',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      hostedZoneName: 'example.com',
      certificateArn: NAMES[MULTI_REGION_CONTEXT.certificateArn],
      evacuated: [],
    });
    expect(regionalOriginName(settings!.domainName)).toBe('origin.sso.example.com');
  });

  it.each([['eu-west-1,eu-west-3,eu-central-1'], ['ap-northeast-1,ap-northeast-2,ap-northeast-3']])(
    'accepts the other sets: %s',
    (regions) => {
      expect(parse({ [MULTI_REGION_CONTEXT.regions]: regions, ...NAMES })?.regions).toEqual(regions.split(','));
    },
  );

  it('accepts a list from cdk.json', () => {
    expect(parse({ [MULTI_REGION_CONTEXT.regions]: US.split(','), ...NAMES })?.homeRegion).toBe('us-east-1');
  });

  it.each([
    ['two regions', 'us-east-1,us-east-2'],
    ['four regions', 'eu-west-1,eu-west-2,eu-west-3,eu-central-1'],
    ['a repeated region', 'us-east-1,us-east-1,us-east-2'],
    ['regions of two sets', 'us-east-1,us-east-2,eu-west-1'],
    ['a region without MRSC', 'us-east-1,us-east-2,us-west-1'],
    ['a misspelt region', 'us-east-1,us-east-2,us-west2'],
  ])('refuses %s with one line naming the sets', (_name, regions) => {
    // Act
    const message = refusal({ [MULTI_REGION_CONTEXT.regions]: regions, ...NAMES });
    // Assess
    expect(message).toBe(
      `infoauth:regions must be three different regions of one DynamoDB multi-Region strong consistency set (US: us-east-1, us-east-2, us-west-2; EU: eu-west-1, eu-west-2, eu-west-3, eu-central-1; AP: ap-northeast-1, ap-northeast-2, ap-northeast-3), not "${regions}".`,
    );
    expect(message).not.toContain('\n');
  });

  it('refuses regions without the names, listing what is missing', () => {
    expect(refusal({ [MULTI_REGION_CONTEXT.regions]: US })).toBe(
      'infoauth:regions needs a name: set infoauth:domainName, infoauth:hostedZoneId, infoauth:hostedZoneName, infoauth:certificateArn (-c key=value).',
    );
    const { [MULTI_REGION_CONTEXT.certificateArn]: _certificate, ...withoutCertificate } = NAMES;
    expect(refusal({ [MULTI_REGION_CONTEXT.regions]: US, ...withoutCertificate })).toBe(
      'infoauth:regions needs a name: set infoauth:certificateArn (-c key=value).',
    );
  });

  it.each([
    ['a domain outside the zone', { [MULTI_REGION_CONTEXT.domainName]: 'sso.example.org' }, /inside the hosted zone/],
    ['the zone apex', { [MULTI_REGION_CONTEXT.domainName]: 'example.com' }, /inside the hosted zone/],
    ['a malformed domain', { [MULTI_REGION_CONTEXT.domainName]: 'sso_example.com' }, /must be DNS names/],
    ['a malformed zone id', { [MULTI_REGION_CONTEXT.hostedZoneId]: 'zone-1' }, /hosted zone id/],
    [
      'a certificate outside us-east-1',
      {
        [MULTI_REGION_CONTEXT.certificateArn]:
          'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      },
      /us-east-1/,
    ],
  ])('refuses %s', (_name, override, expected) => {
    const message = refusal({ [MULTI_REGION_CONTEXT.regions]: US, ...NAMES, ...override });
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('evacuates one or two of the regions, never all, never an unknown one', () => {
    const withEvacuation = (evacuate: string) => ({
      [MULTI_REGION_CONTEXT.regions]: US,
      ...NAMES,
      [MULTI_REGION_CONTEXT.evacuate]: evacuate,
    });
    expect(parse(withEvacuation('us-east-2'))?.evacuated).toEqual(['us-east-2']);
    expect(parse(withEvacuation('us-east-2,us-west-2'))?.evacuated).toEqual(['us-east-2', 'us-west-2']);
    expect(refusal(withEvacuation(US))).toMatch(/one or two of us-east-1, us-east-2, us-west-2/);
    expect(refusal(withEvacuation('eu-west-1'))).toMatch(/one or two of/);
    expect(refusal({ [MULTI_REGION_CONTEXT.evacuate]: 'us-east-2' })).toMatch(/needs infoauth:regions/);
  });
});
