/** The `kms` signing mode (`-c infoauth:signingMode=kms`): what differs from the default `wrapped` mode. */
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseSigningMode } from '../../lib/signing';
import { STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { KEY_ADMINISTRATION_ACTIONS } from '../../lambdas/adapters/kms/key-policy';
import {
  ACCOUNT_ROOT,
  actionsOf,
  allPolicyStatements,
  CRYPTOGRAPHIC_KMS_ACTION,
  keyPolicyStatements,
  rootKeyActions,
  roleStatements,
  ssoRoleSharedStatements,
  synthesizeStack,
  type SynthesizedStack,
} from './synthesized-stack';

let synth: SynthesizedStack;
beforeAll(async () => {
  synth = await synthesizeStack('kms');
}, 120_000);

const arn = (construct: { node: { defaultChild?: unknown } }) => synth.arn(construct);

describe('the kms signing mode', () => {
  it('has an ECC_NIST_P256 signing key, kept when the stack is deleted', () => {
    // Prepare
    const id = synth.logicalId(synth.stack.signing.key);
    // Act
    const key = synth.json.Resources[id];
    // Assess
    expect(key?.DeletionPolicy).toBe('Retain');
    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(Object.values(synth.json.Resources).filter((resource) => resource.Type === 'AWS::KMS::Key')).toHaveLength(1);
  });

  it('lets the SSO function only Sign and GetPublicKey on its key, besides its DynamoDB calls', () => {
    // Prepare
    const { sso, signing } = synth.stack;
    // Act
    const statements = roleStatements(synth.json, synth.logicalId(sso.role));
    // Assess
    expect(statements).toEqual([
      ...ssoRoleSharedStatements(synth),
      { Sid: 'SignAssertions', Action: ['kms:Sign', 'kms:GetPublicKey'], Effect: 'Allow', Resource: arn(signing.key) },
    ]);
  });

  it('lets the key setup only read the public key and write the key ring item', () => {
    // Prepare
    const { signing, tables } = synth.stack;
    // Act
    const statements = roleStatements(synth.json, synth.logicalId(signing.keySetup.role));
    // Assess
    expect(statements.slice(1)).toEqual([
      {
        Sid: 'ReadWriteSigningKeyRing',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: arn(tables.configs),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['#signing-keys'] } },
      },
      { Sid: 'ReadSigningPublicKey', Action: 'kms:GetPublicKey', Effect: 'Allow', Resource: arn(signing.key) },
    ]);
  });

  it('names the roles in the key policy: the account administers only, the SSO role signs (ES256 digests) and reads the public key, the key setup and keys rotate roles read it', () => {
    // Prepare
    const { sso, signing } = synth.stack;
    // Act
    const statements = keyPolicyStatements(synth.json, synth.logicalId(signing.key));
    // Assess
    expect(statements).toEqual([
      {
        Sid: 'AccountAdministersKeyOnly',
        Effect: 'Allow',
        Principal: { AWS: ACCOUNT_ROOT },
        Action: [...KEY_ADMINISTRATION_ACTIONS],
        Resource: '*',
      },
      {
        Sid: 'KeySetupAndRotationReadPublicKey',
        Effect: 'Allow',
        Principal: { AWS: [arn(signing.keySetup.role), arn(signing.keysRotate.role)] },
        Action: 'kms:GetPublicKey',
        Resource: '*',
      },
      {
        Sid: 'SsoFunctionSignsAssertions',
        Effect: 'Allow',
        Principal: { AWS: arn(sso.role) },
        Action: 'kms:Sign',
        Resource: '*',
        Condition: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' } },
      },
      {
        Sid: 'SsoFunctionReadsPublicKey',
        Effect: 'Allow',
        Principal: { AWS: arn(sso.role) },
        Action: 'kms:GetPublicKey',
        Resource: '*',
      },
    ]);
    expect(rootKeyActions(statements).filter((action) => CRYPTOGRAPHIC_KMS_ACTION.test(action))).toEqual([]);
  });

  it('lets the keys rotate role create only tagged P-256 signing keys of this stack, and keep them manageable', () => {
    // Prepare
    const { tables, signing } = synth.stack;
    const stackTag = { 'aws:RequestTag/infoauth:stack': 'Infoauth' };
    // Act
    const statements = roleStatements(synth.json, synth.logicalId(signing.keysRotate.role));
    // Assess
    expect(JSON.stringify(statements)).not.toMatch(/kms:(Sign|Decrypt)"/);
    expect(statements.slice(1, 3)).toEqual([
      expect.objectContaining({ Sid: 'ReadWriteSigningKeyRing', Resource: arn(tables.configs) }),
      { Sid: 'WriteAuditRecord', Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: arn(tables.audit) },
    ]);
    expect(statements.slice(3)).toEqual([
      {
        Sid: 'CreateSigningKey',
        Action: 'kms:CreateKey',
        Effect: 'Allow',
        Resource: '*',
        Condition: {
          StringEquals: { ...stackTag, 'kms:KeySpec': 'ECC_NIST_P256', 'kms:KeyUsage': 'SIGN_VERIFY' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['infoauth:stack'] },
        },
      },
      {
        Sid: 'TagNewSigningKey',
        Action: 'kms:TagResource',
        Effect: 'Allow',
        Resource: '*',
        Condition: { StringEquals: stackTag, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['infoauth:stack'] } },
      },
      {
        Sid: 'KeepNewSigningKeyManageable',
        Action: 'kms:PutKeyPolicy',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:eu-west-1:', { Ref: 'AWS::AccountId' }, ':key/*']],
        },
        Condition: { StringEquals: { 'aws:ResourceTag/infoauth:stack': 'Infoauth' } },
      },
    ]);
  });

  it('tells the function its mode and no key-encryption key', () => {
    // Prepare
    const fn = synth.json.Resources[synth.logicalId(synth.stack.sso.function)]?.Properties;
    // Act
    const variables = (fn?.Environment as { Variables: Record<string, unknown> }).Variables;
    // Assess
    expect(variables.INFOAUTH_SIGNING_MODE).toBe('kms');
    expect(variables).not.toHaveProperty('INFOAUTH_KEK_KEY_ID');
  });

  it('outputs the signing key and the function role (for keys rotate) instead of a key-encryption key', () => {
    // Prepare
    const outputs = synth.json.Outputs;
    // Act / Assess
    expect(outputs[STACK_OUTPUTS.signingMode]?.Value).toBe('kms');
    expect(outputs[STACK_OUTPUTS.signingKeyId]?.Value).toEqual(arn(synth.stack.signing.key));
    expect(outputs[STACK_OUTPUTS.ssoFunctionRoleArn]?.Value).toEqual(arn(synth.stack.sso.role));
    expect(outputs[STACK_OUTPUTS.keysRotateRoleArn]?.Value).toEqual(arn(synth.stack.signing.keysRotate.role));
    expect(outputs).not.toHaveProperty(STACK_OUTPUTS.keyEncryptionKeyId);
  });

  it('creates the first key ring entry from the stack key at deploy', () => {
    // Prepare
    const resource = synth.json.Resources[synth.logicalId(synth.stack.signing.firstKey)];
    // Act / Assess
    expect(resource?.Properties).toMatchObject({ SigningMode: 'kms', KeyId: arn(synth.stack.signing.key) });
  });

  it('allows no wildcard action and has no unacknowledged cdk-nag finding', () => {
    // Prepare
    const wildcards = allPolicyStatements(synth.json)
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ statement }) => actionsOf(statement).filter((action) => action.includes('*')));
    // Act
    const report = new AwsSolutionsChecks().validateScope(synth.stack);
    // Assess
    expect(wildcards).toEqual([]);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

describe('parseSigningMode', () => {
  it.each([
    [undefined, 'wrapped'],
    ['', 'wrapped'],
    ['wrapped', 'wrapped'],
    ['kms', 'kms'],
  ])('reads %p as %s', (value, mode) => {
    // Prepare / Act / Assess
    expect(parseSigningMode(value)).toBe(mode);
  });

  it('refuses an unknown mode, naming the valid ones', () => {
    // Prepare / Act
    const parse = () => parseSigningMode('hsm');
    // Assess
    expect(parse).toThrow(/wrapped, kms/);
  });
});
