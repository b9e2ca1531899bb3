/**
 * The one key-policy builder: the account administers only, the roles it names use the key, and every
 * use of a wrapping key carries the encryption context. The local wrapper binds the same context.
 */
import { randomBytes } from 'node:crypto';
import {
  accountRootOf,
  assertionKeyPolicy,
  KEY_ADMINISTRATION_ACTIONS,
  MULTI_REGION_KEY_ADMINISTRATION_ACTIONS,
} from '../../../lambdas/adapters/kms/key-policy';
import { LocalKeyWrapper } from '../../../lambdas/adapters/local/local-key-wrapper';

const ROOT = 'arn:aws:iam::123456789012:root';
const SSO = 'arn:aws:iam::123456789012:role/sso';
const SETUP = 'arn:aws:iam::123456789012:role/key-setup';
const ROTATE = 'arn:aws:iam::123456789012:role/keys-rotate';
const CONTEXT = { StringEquals: { 'kms:EncryptionContext:purpose': 'infoauth-assertion-signing-key' } };

const actionsOf = (statement: { Action: string | readonly string[] }) =>
  typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];

describe('assertionKeyPolicy', () => {
  it('wrapped: the root administers only; the SSO role decrypts and the key makers generate, both with the context', () => {
    // Act
    const policy = assertionKeyPolicy({
      mode: 'wrapped',
      accountRootArn: ROOT,
      ssoRoles: [{ arn: SSO }],
      keyMakers: [{ arn: SETUP }, { arn: ROTATE }],
    });
    // Assess
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountAdministersKeyOnly',
          Effect: 'Allow',
          Principal: { AWS: ROOT },
          Action: [...KEY_ADMINISTRATION_ACTIONS],
          Resource: '*',
        },
        {
          Sid: 'SsoFunctionUnwrapsSigningKey',
          Effect: 'Allow',
          Principal: { AWS: SSO },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: CONTEXT,
        },
        {
          Sid: 'KeySetupAndRotationGenerateKeyPairs',
          Effect: 'Allow',
          Principal: { AWS: [SETUP, ROTATE] },
          Action: 'kms:GenerateDataKeyPairWithoutPlaintext',
          Resource: '*',
          Condition: CONTEXT,
        },
      ],
    });
  });

  it.each(['wrapped', 'kms'] as const)(
    '%s: no use of the key is left to the account (root) or to a wildcard',
    (mode) => {
      // Act
      const policy = assertionKeyPolicy({
        mode,
        accountRootArn: ROOT,
        multiRegion: true,
        ssoRoles: [{ arn: SSO }],
        keyMakers: [{ arn: ROTATE }],
      });
      // Assess
      const rootActions = policy.Statement.filter(
        (statement) => statement.Principal !== '*' && statement.Principal.AWS === ROOT,
      ).flatMap(actionsOf);
      expect(rootActions).toEqual([...MULTI_REGION_KEY_ADMINISTRATION_ACTIONS]);
      expect(rootActions.filter((action) => /Decrypt|Sign|Generate|Encrypt|\*/.test(action))).toEqual([]);
      expect(policy.Statement.flatMap(actionsOf).filter((action) => action.includes('*'))).toEqual([]);
    },
  );

  it('names a role created after the key in an aws:PrincipalArn condition, never as the account', () => {
    // Act
    const policy = assertionKeyPolicy({
      mode: 'wrapped',
      accountRootArn: ROOT,
      ssoRoles: [{ arn: SSO, createdLater: true }],
      keyMakers: [],
    });
    // Assess
    expect(policy.Statement.slice(1)).toEqual([
      {
        Sid: 'SsoFunctionUnwrapsSigningKeyByArn',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { ...CONTEXT, ArnEquals: { 'aws:PrincipalArn': SSO } },
      },
    ]);
  });

  it('derives the account root from a role ARN, and refuses anything else', () => {
    // Act / Assess
    expect(accountRootOf('arn:aws-cn:iam::123456789012:role/x')).toBe('arn:aws-cn:iam::123456789012:root');
    expect(() => accountRootOf('arn:aws:kms:eu-west-1:123456789012:key/1')).toThrow(/not a role ARN/);
  });
});

describe('LocalKeyWrapper binds the encryption context', () => {
  it('unwraps under the same context and refuses a blob wrapped under another', async () => {
    // Prepare
    const kek = randomBytes(32);
    const plaintext = randomBytes(40);
    const wrappedHere = new LocalKeyWrapper(kek).wrap(plaintext);
    const wrappedElsewhere = new LocalKeyWrapper(kek, { purpose: 'something-else' }).wrap(plaintext);
    // Act
    const unwrapped = await new LocalKeyWrapper(kek).unwrap(wrappedHere);
    const refused = new LocalKeyWrapper(kek).unwrap(wrappedElsewhere);
    // Assess
    expect(Buffer.from(unwrapped).equals(plaintext)).toBe(true);
    await expect(refused).rejects.toMatchObject({ reason: 'signing-unavailable' });
  });
});
