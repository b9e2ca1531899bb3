/**
 * The floor's handler factory (bench/floor.ts is its Lambda entry). The floor: the least a sign-in Lambda can do, built with the same esbuild options as the SSO function.
 * It imports only the DynamoDB document client, the KMS client and jose, creates the clients at module
 * load, and per request does one GetItem (the configuration), one jose verify of the client token, one
 * ES256 signature with a local key and one conditional PutItem (the used token), then answers a 302.
 * Nothing else: no secret check, no feature setting, no logging, no metrics. An unknown client costs
 * one GetItem and a 302 to the error page.
 *
 * It reads the same configuration items as the SSO function (the `jwks` attribute, `targetUrl`) from the
 * tables named by the same environment variables, so both do the same DynamoDB work on the same data.
 * BENCH_FLOOR_SIGNING_JWK holds the private P-256 JWK it signs with (wrapped mode keeps it in memory too).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface FloorClients {
  readonly documentClient: DynamoDBDocumentClient;
  /** Created, as a real function creates it, but not called per sign-in (wrapped mode). */
  readonly kms: KMSClient;
}

export type FloorHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const redirect = (location: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 302,
  headers: { Location: location },
});

/** The floor's handler over the given clients (the bench passes clients answered in memory). */
export function createFloorHandler(clients: FloorClients, env: NodeJS.ProcessEnv = process.env): FloorHandler {
  const configTable = env.INFOAUTH_CONFIG_TABLE ?? '';
  const usedTokenTable = env.INFOAUTH_USED_TOKEN_TABLE ?? '';
  const errorPage = env.INFOAUTH_ERROR_PAGE_URL ?? '';
  const signingJwk = JSON.parse(env.BENCH_FLOOR_SIGNING_JWK ?? '{}') as JWK;
  let signingKey: Promise<CryptoKey> | undefined;
  // A real handler keeps imported keys too; importing the client's key on every request would not be a floor.
  const verificationKeys = new Map<string, Promise<CryptoKey>>();

  return async (event) => {
    const params = new URLSearchParams(event.rawQueryString);
    const clientId = params.get('client_id') ?? '';
    const { Item } = await clients.documentClient.send(
      new GetCommand({ TableName: configTable, Key: { pk: clientId }, ConsistentRead: true }),
    );
    if (!Item) return redirect(`${errorPage}?code=101`);

    let key = verificationKeys.get(clientId);
    if (!key) {
      const [jwk = {}] = (JSON.parse(Item.jwks as string) as { keys: JWK[] }).keys;
      key = importJWK(jwk, 'ES256') as Promise<CryptoKey>;
      verificationKeys.set(clientId, key);
    }
    const { payload } = await jwtVerify(params.get('token') ?? '', await key, { algorithms: ['ES256'] });
    const now = Math.floor(Date.now() / 1000);
    signingKey ??= importJWK(signingJwk, 'ES256') as Promise<CryptoKey>;
    const assertion = await new SignJWT({ email: payload.email, cid: payload.cid })
      .setProtectedHeader({ alg: 'ES256', kid: signingJwk.kid })
      .setIssuer('floor')
      .setAudience(clientId)
      .setSubject(String(payload.email))
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(crypto.randomUUID())
      .sign(await signingKey);
    await clients.documentClient.send(
      new PutCommand({
        TableName: usedTokenTable,
        Item: { pk: `${clientId}#${payload.jti}`, expiresAt: payload.exp },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return redirect(`${Item.targetUrl as string}?assertion=${assertion}`);
  };
}

/** The clients as a Lambda creates them: the SDK's defaults (region, credentials, endpoint from the environment). */
export function floorClients(): FloorClients {
  return { documentClient: DynamoDBDocumentClient.from(new DynamoDBClient({})), kms: new KMSClient({}) };
}
