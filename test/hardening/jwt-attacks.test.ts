/**
 * RFC 8725 (JWT Best Current Practices) and the OWASP JWT cheat sheet, class by class, against the real
 * handler on DynamoDB Local. Each hostile token gets a 302 to the error page with its documented code,
 * and the handler logs the catalog's reason for it; none gets a 5xx.
 */
import { createPublicKey, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { CompactEncrypt, importJWK } from 'jose';
import { isKnownReason, type ErrorCode } from '../../lambdas/core/catalog';
import { claimsText, signHmac, signRawEs256, unsignedToken } from '../support/hostile-tokens';
import { LeakWatch } from '../support/leak-watch';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { readAnswer } from '../support/sso-answer';
import {
  createSsoWorld,
  ERROR_PAGE,
  mintToken,
  newClientKey,
  ssoEvent,
  type ClientKey,
  type Handler,
  type SsoWorld,
  type TestClient,
} from '../support/sso-fixture';

interface Attack {
  readonly ec: TestClient;
  readonly rsa: TestClient;
  /** A key the attacker owns; never registered with any configuration. */
  readonly attacker: ClientKey;
  /** A JWKS URL on a loopback server of the attacker's, which must never be asked. */
  readonly attackerJwksUrl: string;
}

interface HostileCase {
  readonly name: string;
  readonly code: ErrorCode;
  readonly reason: string;
  readonly client?: 'ec' | 'rsa';
  readonly token: (attack: Attack) => string | Promise<string>;
}

let world: SsoWorld;
let handler: Handler;
let logs: LogCapture;
let attack: Attack;
let jwksServer: Server;
const jwksRequests: string[] = [];
const watch = new LeakWatch();

beforeAll(async () => {
  logs = captureLogs();
  world = await createSsoWorld();
  handler = world.handler();
  jwksServer = createServer((req, res) => {
    jwksRequests.push(`${req.method} ${req.url}`);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: [attack.attacker.publicJwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as { port: number };
  attack = {
    ec: await world.newClient(),
    rsa: await world.newClient({ key: await newClientKey('RS256') }),
    attacker: await newClientKey(),
    attackerJwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
  };
  watch.secret(attack.ec.secret);
  watch.secret(attack.rsa.secret);
});
afterAll(async () => {
  world.destroy();
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
  logs.stop();
});

const header = (a: Attack, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ alg: 'ES256', kid: a.ec.key.kid, ...extra });
const claims = (a: Attack, overrides: Record<string, unknown> = {}) => claimsText(a.ec.cid, overrides);
/** Signed with the client's real key: only the rule under test can refuse it. */
const signedByClient = (
  a: Attack,
  headerExtra: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
) => signRawEs256(a.ec.key, header(a, headerExtra), claims(a, overrides));
/** Signed with the client's real key over exactly this payload text. */
const signedPayload = (a: Attack, payload: string | Uint8Array) => signRawEs256(a.ec.key, header(a), payload);
const now = () => Math.floor(Date.now() / 1000);

function publicKeyEncodings(jwk: ClientKey['publicJwk']): Record<string, string | Buffer> {
  const key = createPublicKey({ key: jwk as never, format: 'jwk' });
  const encodings: Record<string, string | Buffer> = {
    'SPKI PEM': key.export({ type: 'spki', format: 'pem' }),
    'SPKI PEM without newline': (key.export({ type: 'spki', format: 'pem' }) as string).trim(),
    'SPKI DER': key.export({ type: 'spki', format: 'der' }),
    'JWK JSON': JSON.stringify(jwk),
    'JWK thumbprint JSON': JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }),
  };
  if (jwk.kty === 'EC') {
    const xy = Buffer.concat([Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    encodings['raw x||y'] = xy;
    encodings['raw 04||x||y'] = Buffer.concat([Buffer.from([4]), xy]);
  }
  return encodings;
}

const algNone: HostileCase[] = ['none', 'None', 'NONE', 'nOnE', 'none '].flatMap((alg) => [
  {
    name: `alg "${alg}" with an empty signature`,
    code: '103',
    reason: 'token-malformed',
    token: (a) => unsignedToken({ alg, typ: 'JWT' }, claims(a), ''),
  },
  {
    name: `alg "${alg}" with a signature segment`,
    code: '103',
    reason: 'alg-not-allowed',
    token: (a) => unsignedToken({ alg, kid: a.ec.key.kid }, claims(a), 'c2lnbmF0dXJl'),
  },
]);

const ecConfusionEncodings = [
  'SPKI PEM',
  'SPKI PEM without newline',
  'SPKI DER',
  'JWK JSON',
  'JWK thumbprint JSON',
  'raw x||y',
  'raw 04||x||y',
];
const algorithmConfusion: HostileCase[] = [
  ...(['HS256', 'HS384', 'HS512'] as const).flatMap((alg) =>
    ecConfusionEncodings.map((encoding): HostileCase => ({
      name: `${alg} keyed with the client's EC public key as ${encoding}`,
      code: '103',
      reason: 'alg-not-allowed',
      token: (a) => signHmac(alg, publicKeyEncodings(a.ec.key.publicJwk)[encoding]!, { kid: a.ec.key.kid }, claims(a)),
    })),
  ),
  ...['SPKI PEM', 'SPKI DER', 'JWK JSON'].map((encoding): HostileCase => ({
    name: `HS256 keyed with the client's RSA public key as ${encoding}`,
    client: 'rsa',
    code: '103',
    reason: 'alg-not-allowed',
    token: (a) =>
      signHmac(
        'HS256',
        publicKeyEncodings(a.rsa.key.publicJwk)[encoding]!,
        { kid: a.rsa.key.kid },
        claimsText(a.rsa.cid),
      ),
  })),
  ...['RS256', 'PS256', 'ES384', 'ES512', 'EdDSA', 'es256'].map((alg): HostileCase => ({
    name: `alg ${alg} claimed for the client's ES256 key`,
    code: '103',
    reason: 'alg-not-allowed',
    token: (a) => signRawEs256(a.ec.key, JSON.stringify({ alg, kid: a.ec.key.kid }), claims(a)),
  })),
  {
    name: "ES256 claimed for the client's RSA key",
    client: 'rsa',
    code: '103',
    reason: 'alg-not-allowed',
    token: (a) => signRawEs256(a.attacker, JSON.stringify({ alg: 'ES256', kid: a.rsa.key.kid }), claimsText(a.rsa.cid)),
  },
];

const keysFromTheToken: HostileCase[] = [
  {
    name: 'embedded jwk of the attacker, signed by the attacker',
    code: '103',
    reason: 'header-key-not-allowed',
    token: (a) => signRawEs256(a.attacker, JSON.stringify({ alg: 'ES256', jwk: a.attacker.publicJwk }), claims(a)),
  },
  {
    name: 'embedded jwk with the client kid, signed by the attacker',
    code: '103',
    reason: 'header-key-not-allowed',
    token: (a) => signRawEs256(a.attacker, header(a, { jwk: a.attacker.publicJwk }), claims(a)),
  },
  {
    name: 'embedded jwk equal to the registered key, signed by the client',
    code: '103',
    reason: 'header-key-not-allowed',
    token: (a) => signedByClient(a, { jwk: a.ec.key.publicJwk }),
  },
  ...(['jku', 'x5u'] as const).flatMap((member): HostileCase[] => [
    {
      name: `${member} pointing at the attacker's loopback JWKS, signed by the attacker`,
      code: '103',
      reason: 'header-key-not-allowed',
      token: (a) =>
        signRawEs256(
          a.attacker,
          JSON.stringify({ alg: 'ES256', kid: a.attacker.kid, [member]: a.attackerJwksUrl }),
          claims(a),
        ),
    },
    {
      name: `${member} pointing at the attacker's loopback JWKS, signed by the client`,
      code: '103',
      reason: 'header-key-not-allowed',
      token: (a) => signedByClient(a, { [member]: a.attackerJwksUrl }),
    },
  ]),
  {
    name: 'x5c with a certificate chain',
    code: '103',
    reason: 'header-key-not-allowed',
    token: (a) => signRawEs256(a.attacker, header(a, { x5c: [randomBytes(300).toString('base64')] }), claims(a)),
  },
  {
    name: 'jwk: null',
    code: '103',
    reason: 'header-key-not-allowed',
    token: (a) => signedByClient(a, { jwk: null }),
  },
];

const kidTricks: HostileCase[] = [
  ...[
    ['path traversal', '../../../../../../dev/null'],
    ['path traversal, encoded', '..%2F..%2F..%2Fetc%2Fpasswd'],
    ['SQL injection', "x' OR '1'='1"],
    ['SQL comment after the real kid', "KID' -- "],
    ['NUL after the real kid', 'KID\u0000'],
    ['empty', ''],
    ['4000 characters', 'k'.repeat(4000)],
    ['a URL', 'http://127.0.0.1:1/key'],
  ].map(([name, kid]): HostileCase => ({
    name: `kid: ${name}`,
    code: '103',
    reason: 'no-matching-key',
    token: (a) => signedByClient(a, { kid: kid!.replace('KID', a.ec.key.kid) }),
  })),
  {
    name: 'kid: 9000 characters',
    code: '103',
    reason: 'token-too-large',
    token: (a) => signedByClient(a, { kid: 'k'.repeat(9000) }),
  },
  ...[
    ['a number', 7],
    ['null', null],
    ['an array', ['KID']],
    ['an object', { kid: 'KID' }],
    ['true', true],
  ].map(([name, kid]): HostileCase => ({
    name: `kid: ${name as string}`,
    code: '103',
    reason: 'header-invalid',
    token: (a) => signedByClient(a, { kid: JSON.parse(JSON.stringify(kid).replace('KID', a.ec.key.kid)) }),
  })),
];

const headerExtensions: HostileCase[] = [
  ...[
    ['crit: ["exp"]', { crit: ['exp'], exp: 1 }],
    ['crit: ["x-unknown"]', { crit: ['x-unknown'], 'x-unknown': true }],
    ['crit: []', { crit: [] }],
    ['crit: ["b64"], b64: false', { crit: ['b64'], b64: false }],
    ['b64: false without crit', { b64: false }],
    ['b64: true', { b64: true }],
  ].map(([name, extra]): HostileCase => ({
    name: name as string,
    code: '103',
    reason: 'crit-not-supported',
    token: (a) => signedByClient(a, extra as Record<string, unknown>),
  })),
];

const nestedAndEncrypted: HostileCase[] = [
  ...['JWT', 'jwt'].map((cty): HostileCase => ({
    name: `nested JWT with cty "${cty}"`,
    code: '103',
    reason: 'nested-token',
    token: async (a) => signRawEs256(a.ec.key, header(a, { cty }), await mintToken(a.ec)),
  })),
  {
    name: 'nested JWT without cty',
    code: '103',
    reason: 'payload-invalid',
    token: async (a) => signedPayload(a, await mintToken(a.ec)),
  },
  {
    name: 'JWE (ECDH-ES+A256KW to the client key)',
    code: '103',
    reason: 'token-malformed',
    token: async (a) =>
      new CompactEncrypt(Buffer.from(claims(a)))
        .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: a.ec.key.kid })
        .encrypt(await importJWK({ ...a.ec.key.publicJwk, alg: 'ECDH-ES+A256KW' }, 'ECDH-ES+A256KW')),
  },
  {
    name: 'JWE (dir)',
    code: '103',
    reason: 'token-malformed',
    token: async (a) =>
      new CompactEncrypt(Buffer.from(claims(a)))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(randomBytes(32)),
  },
];

const bigValid = (a: Attack, limit: number) => {
  let pad = 'p'.repeat(6200);
  let token = signedByClient(a, {}, { pad });
  while (token.length > limit) {
    pad = pad.slice(3);
    token = signedByClient(a, {}, { pad });
  }
  return token;
};

const malformed: HostileCase[] = [
  ...(
    [
      ['one part', 'not-a-token'],
      ['two parts', 'eyJhbGciOiJFUzI1NiJ9.e30'],
      ['four parts', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln.c2ln'],
      ['only dots', '..'],
      ['JSON instead of JWS', '{"alg":"ES256"}'],
    ] as const
  ).map(([name, token]): HostileCase => ({
    name,
    code: '103',
    reason: 'token-malformed',
    token: () => token,
  })),
  ...[
    ['base64 padding', (t: string) => `${t}==`],
    ['standard base64 alphabet', (t: string) => t.replace(/-/g, '+').replace(/_/g, '/') + '+/'],
    ['a space inside', (t: string) => `${t.slice(0, 20)} ${t.slice(20)}`],
    ['a trailing newline', (t: string) => `${t}\n`],
    ['a leading dot', (t: string) => `.${t}`],
  ].map(([name, mangle]): HostileCase => ({
    name: `a valid token with ${name as string}`,
    code: '103',
    reason: 'token-malformed',
    token: async (a) => (mangle as (t: string) => string)(await mintToken(a.ec)),
  })),
  ...[
    ['not JSON', 'ES256'],
    ['a JSON array', '["ES256"]'],
    ['a JSON string', '"ES256"'],
    ['a JSON number', '256'],
    ['an empty object', '{}'],
    ['alg a number', '{"alg":256}'],
    ['alg null', '{"alg":null}'],
    ['trailing garbage', '{"alg":"ES256"}x'],
    ['nested 100 deep', `{"alg":"ES256","x":${'['.repeat(100)}${']'.repeat(100)}}`],
  ].map(([name, headerText]): HostileCase => ({
    name: `header ${name}`,
    code: '103',
    reason: 'header-invalid',
    token: (a) => signRawEs256(a.ec.key, headerText!, claims(a)),
  })),
  {
    name: 'header not UTF-8',
    code: '103',
    reason: 'header-invalid',
    token: (a) => signRawEs256(a.ec.key, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), claims(a)),
  },
  ...[
    ['not JSON', 'cid=acme'],
    ['a JSON array', '[]'],
    ['null', 'null'],
    ['a JSON string', '"jane.doe@example.com"'],
    ['NaN', '{"iat":NaN}'],
    ['Infinity', '{"exp":Infinity}'],
  ].map(([name, payload]): HostileCase => ({
    name: `payload ${name}`,
    code: '103',
    reason: 'payload-invalid',
    token: (a) => signedPayload(a, payload!),
  })),
  {
    name: 'payload not UTF-8',
    code: '103',
    reason: 'payload-invalid',
    token: (a) =>
      signedPayload(a, Buffer.concat([Buffer.from(claims(a)).subarray(0, -1), Buffer.from([0xc3, 0x28, 0x7d])])),
  },
  {
    name: "a signature that is not the client's",
    code: '103',
    reason: 'signature-invalid',
    token: (a) => signRawEs256(a.attacker, header(a), claims(a)),
  },
  {
    name: 'a signature of the right length made of zeros',
    code: '103',
    reason: 'signature-invalid',
    token: (a) => unsignedToken(header(a), claims(a), Buffer.alloc(64).toString('base64url')),
  },
  {
    name: 'a signature of the wrong length',
    code: '103',
    reason: 'signature-invalid',
    token: (a) => unsignedToken(header(a), claims(a), randomBytes(65).toString('base64url')),
  },
  {
    name: "another token's signature",
    code: '103',
    reason: 'signature-invalid',
    token: async (a) => {
      const [h, p] = signedByClient(a).split('.');
      return `${h}.${p}.${(await mintToken(a.ec)).split('.')[2]}`;
    },
  },
  { name: 'an empty token', code: '103', reason: 'token-missing', token: () => '' },
  { name: '8193 characters', code: '103', reason: 'token-too-large', token: () => 'a'.repeat(8193) },
  { name: 'one megabyte', code: '103', reason: 'token-too-large', token: () => 'eyJ'.repeat(350_000) },
  {
    name: 'validly signed, just over 8192 characters',
    code: '103',
    reason: 'token-too-large',
    token: (a) => {
      const token = bigValid(a, 8192);
      return signedByClient(
        a,
        {},
        { pad: `${JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).pad}xxx` },
      );
    },
  },
];

const duplicateMembers: HostileCase[] = [
  {
    name: 'header repeats alg (none, then ES256)',
    code: '103',
    reason: 'header-invalid',
    token: (a) => signRawEs256(a.ec.key, `{"alg":"none","alg":"ES256","kid":"${a.ec.key.kid}"}`, claims(a)),
  },
  {
    name: 'header repeats alg (ES256, then none)',
    code: '103',
    reason: 'header-invalid',
    token: (a) => signRawEs256(a.ec.key, `{"alg":"ES256","kid":"${a.ec.key.kid}","alg":"none"}`, claims(a)),
  },
  {
    name: 'header repeats kid',
    code: '103',
    reason: 'header-invalid',
    token: (a) => signRawEs256(a.ec.key, `{"alg":"ES256","kid":"other","kid":"${a.ec.key.kid}"}`, claims(a)),
  },
  {
    name: 'payload repeats cid',
    code: '103',
    reason: 'payload-invalid',
    token: (a) => signedPayload(a, `{"cid":"evil",${claims(a).slice(1)}`),
  },
  {
    name: 'payload repeats cid, spelled with an escape',
    code: '103',
    reason: 'payload-invalid',
    token: (a) => signedPayload(a, `{"c\\u0069d":"evil",${claims(a).slice(1)}`),
  },
  {
    name: 'payload repeats email',
    code: '103',
    reason: 'payload-invalid',
    token: (a) => signedPayload(a, `${claims(a).slice(0, -1)},"email":"mallory@evil.test"}`),
  },
  {
    name: 'payload repeats jti',
    code: '103',
    reason: 'payload-invalid',
    token: (a) => signedPayload(a, `${claims(a).slice(0, -1)},"jti":"replayed"}`),
  },
  {
    name: 'claims hidden behind __proto__',
    code: '103',
    reason: 'cid-missing',
    token: (a) => signedPayload(a, `{"__proto__":${claims(a)}}`),
  },
];

const typeConfusion: HostileCase[] = [
  ...(
    [
      ['cid', 42, 'cid-invalid'],
      ['cid', ['CID'], 'cid-invalid'],
      ['cid', { cid: 'CID' }, 'cid-invalid'],
      ['cid', null, 'cid-invalid'],
      ['cid', true, 'cid-invalid'],
      ['email', ['jane.doe@example.com'], 'email-invalid'],
      ['email', 1, 'email-invalid'],
      ['email', null, 'email-invalid'],
      ['email', { address: 'jane.doe@example.com' }, 'email-invalid'],
      ['jti', 7, 'jti-invalid'],
      ['jti', '', 'jti-invalid'],
      ['jti', 'j'.repeat(257), 'jti-invalid'],
      ['jti', ['a'], 'jti-invalid'],
      ['jti', null, 'jti-invalid'],
      // Unpaired surrogates are not characters: stored as UTF-8 they all become U+FFFD, so two
      // different jtis would share one used-token record.
      ['jti', '\ud800', 'jti-invalid'],
      ['jti', 'a\udc00b', 'jti-invalid'],
      ['iat', 'NOW', 'iat-invalid'],
      ['iat', true, 'iat-invalid'],
      ['iat', null, 'iat-invalid'],
      ['iat', ['NOW'], 'iat-invalid'],
      ['exp', 'never', 'exp-invalid'],
      ['exp', {}, 'exp-invalid'],
      ['exp', null, 'exp-invalid'],
      ['nbf', 'NOW', 'nbf-invalid'],
      ['nbf', null, 'nbf-invalid'],
      ['cid', undefined, 'cid-missing'],
      ['email', undefined, 'email-missing'],
      ['jti', undefined, 'jti-missing'],
      ['iat', undefined, 'iat-missing'],
      ['exp', undefined, 'exp-missing'],
    ] as const
  ).map(([claim, value, reason]): HostileCase => ({
    name: `${claim}: ${value === undefined ? 'missing' : JSON.stringify(value).slice(0, 30)}`,
    code: '103',
    reason,
    token: (a) => {
      const text =
        value === undefined ? undefined : JSON.stringify(value).replace('CID', a.ec.cid).replace('"NOW"', `"${now()}"`);
      return signedByClient(a, {}, { [claim]: text === undefined ? undefined : JSON.parse(text) });
    },
  })),
  {
    name: 'cid of another configuration',
    code: '103',
    reason: 'cid-mismatch',
    token: (a) => signedByClient(a, {}, { cid: a.rsa.cid }),
  },
  {
    name: 'cid with a trailing space',
    code: '103',
    reason: 'cid-mismatch',
    token: (a) => signedByClient(a, {}, { cid: `${a.ec.cid} ` }),
  },
  {
    name: 'cid in upper case',
    code: '103',
    reason: 'cid-mismatch',
    token: (a) => signedByClient(a, {}, { cid: a.ec.cid.toUpperCase() }),
  },
];

/** Non-finite numbers: JSON has no literal for them, but 1e400 parses to Infinity. */
const nonFinite: HostileCase[] = [
  ...[
    ['iat', '1e400', 'iat-invalid'],
    ['iat', '-1e400', 'iat-invalid'],
    ['exp', '1e400', 'exp-invalid'],
    ['exp', '-1e400', 'exp-invalid'],
    ['nbf', '1e400', 'nbf-invalid'],
  ].map(([claim, literal, reason]): HostileCase => ({
    name: `${claim}: ${literal}`,
    code: '103',
    reason: reason!,
    token: (a) => signedPayload(a, claims(a, { [claim!]: 0 }).replace(`"${claim}":0`, `"${claim}":${literal}`)),
  })),
  {
    name: 'iat: 1e308 (finite, far future)',
    code: '103',
    reason: 'not-yet-valid',
    token: (a) => signedByClient(a, {}, { iat: 1e308 }),
  },
  {
    name: 'iat: -1e308 (finite, far past)',
    code: '104',
    reason: 'token-too-old',
    token: (a) => signedByClient(a, {}, { iat: -1e308 }),
  },
  {
    name: 'exp: -1e308',
    code: '104',
    reason: 'token-expired',
    token: (a) => signedByClient(a, {}, { exp: -1e308 }),
  },
];

const hostileEmails = [
  ['Cyrillic a in the local part', 'j\u0430ne.doe@example.com'],
  ['Cyrillic e in the domain', 'jane.doe@\u0435xample.com'],
  ['zero-width space', 'ja\u200bne.doe@example.com'],
  ['zero-width joiner', 'jane.doe\u200d@example.com'],
  ['byte order mark', '\ufeffjane.doe@example.com'],
  ['right-to-left override', 'jane.doe@\u202emoc.elpmaxe'],
  ['left-to-right mark', 'jane.doe@example.com\u200e'],
  ['NUL', 'jane.doe@example.com\u0000'],
  ['trailing newline', 'jane.doe@example.com\n'],
  ['CRLF header injection', 'jane.doe@example.com\r\nBcc: mallory@evil.test'],
  ['BEL', 'jane\u0007.doe@example.com'],
  ['DEL', 'jane.doe@example.com\u007f'],
  ['fullwidth at sign', 'jane.doe\uff20example.com'],
  ['lone surrogate', 'jane\ud800@example.com'],
  ['two at signs', 'jane@doe@example.com'],
  ['display name', 'Jane <jane.doe@example.com>'],
  [
    '255 characters',
    `${'j'.repeat(60)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.example.com`.slice(0, 251) + '.com',
  ],
  ['local part of 65', `${'j'.repeat(65)}@example.com`],
  ['empty', ''],
] as const;

const emails: HostileCase[] = hostileEmails.map(([name, email]): HostileCase => ({
  name: `email with ${name}`,
  code: '103',
  reason: 'email-malformed',
  token: (a) => signedByClient(a, {}, { email: watch.email(email) }),
}));

const CLASSES: Array<[string, HostileCase[]]> = [
  ['alg none in any case (RFC 8725 §2.1, §3.1)', algNone],
  ['algorithm confusion: HMAC keyed with the public key (RFC 8725 §2.1, §3.1)', algorithmConfusion],
  ['keys from the token: jwk, jku, x5u, x5c (OWASP; RFC 8725 §3.10)', keysFromTheToken],
  ['kid tricks (OWASP)', kidTricks],
  ['unknown crit and b64:false (RFC 7515 §4.1.11, RFC 7797)', headerExtensions],
  ['nested JWT and JWE (RFC 8725 §2.8, §3.11)', nestedAndEncrypted],
  ['malformed and oversized tokens', malformed],
  ['duplicate JSON members (RFC 7515 §4, RFC 8725 §3.12)', duplicateMembers],
  ['claim type confusion', typeConfusion],
  ['non-finite and extreme numbers', nonFinite],
  ['control and lookalike characters in email', emails],
];

async function sendToken(hostile: HostileCase, token: string) {
  const client = hostile.client === 'rsa' ? attack.rsa : attack.ec;
  watch.token(token);
  return handler(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }, 'POST'));
}

describe.each(CLASSES)('%s', (_title, cases) => {
  it.each(cases.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    // Prepare
    const token = await hostile.token(attack);
    // Act
    const result = await sendToken(hostile, token);
    // Assess
    const answer = readAnswer(result, logs);
    expect(isKnownReason(hostile.code, hostile.reason)).toBe(true);
    expect([answer.status, answer.cacheControl, answer.referrerPolicy]).toEqual([302, 'no-store', 'no-referrer']);
    expect(`${answer.location.origin}/`).toBe(ERROR_PAGE);
    expect([answer.verdict, answer.reason]).toEqual([hostile.code, hostile.reason]);
    expect(watch.scanRedirect(result)).toEqual([]);
  });
});

describe('controls: the same builders make tokens that sign in', () => {
  it.each([
    ['a token signed by hand', (a: Attack) => signedByClient(a)],
    ['a validly signed token of 8192 characters', (a: Attack) => bigValid(a, 8192)],
    [
      'exp: 1e308 (finite; the used-token TTL is bounded by iat + max age)',
      (a: Attack) => signedByClient(a, {}, { exp: 1e308 }),
    ],
    [
      'a jti of 128 emoji (256 UTF-16 units, all paired)',
      (a: Attack) => signedByClient(a, {}, { jti: '\u{1f600}'.repeat(128) }),
    ],
    // RFC 8259 §8.1 lets a parser ignore a byte order mark; jose and the header check both do, so they agree.
    ['a header starting with a UTF-8 BOM', (a: Attack) => signRawEs256(a.ec.key, `\ufeff${header(a)}`, claims(a))],
    [
      'an internationalised domain in punycode',
      (a: Attack) => signedByClient(a, {}, { email: 'jane@xn--bcher-kva.example' }),
    ],
    [
      'an email of 254 characters',
      (a: Attack) =>
        signedByClient(a, {}, { email: `${'j'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(57)}.com` }),
    ],
  ])('%s', async (_name, build) => {
    // Prepare
    const token = build(attack);
    // Act
    const result = await sendToken({ name: 'control', code: '103', reason: '', token: () => token }, token);
    // Assess
    expect(readAnswer(result, logs).verdict).toBe('signed-in');
  });
});

describe('after every hostile token', () => {
  it('never fetched a key from a jku or x5u URL', () => {
    // Assess (the cases above pointed jku and x5u at this server)
    expect(jwksRequests).toEqual([]);
  });

  it('wrote no client secret, token, signature segment or unmasked email to the logs', () => {
    // Assess
    expect(logs.lines.length).toBeGreaterThan(100);
    expect(watch.size).toBeGreaterThan(100);
    expect(watch.scan(logs.lines)).toEqual([]);
  });
});
