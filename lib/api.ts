/**
 * The HTTP API: GET and POST /sso, GET /.well-known/jwks.json and GET /profiles/{clientId} to the SSO function, on a `$default`
 * stage with throttling and access logs. Client secrets and tokens travel in query strings and bodies,
 * so the access log format names only fields that can never hold them (the path is without the query).
 */
import { Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PROFILE_PATH_PREFIX } from '../lambdas/core/public-profile';

/**
 * The routes lambdas/sso/app.ts serves (SSO_PATH, JWKS_PATH; a test checks they agree). Not imported
 * from there, because that module loads Powertools and middy into every synthesis.
 */
export const SSO_ROUTE_PATH = '/sso';
export const JWKS_ROUTE_PATH = '/.well-known/jwks.json';
/** The public profile of a client, for the hosted error page (PROFILE_PATH_PREFIX in app.ts). */
export const PROFILE_ROUTE_PATH = `${PROFILE_PATH_PREFIX}{clientId}`;
/** The Route 53 health check's route (HEALTH_PATH in lambdas/sso/app.ts); multi-region stacks only. */
export const HEALTH_ROUTE_PATH = '/health';

/** Each field is a $context variable that carries no query string, header value or body. */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  sourceIp: '$context.identity.sourceIp',
};

export interface SsoApiProps {
  /** Requests per second across the stage (steady state). */
  readonly rateLimit?: number;
  readonly burstLimit?: number;
  readonly logRetention?: RetentionDays;
}

export class SsoApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: SsoApiProps = {}) {
    super(scope, id);
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Infoauth SSO endpoint',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 500, burstLimit: props.burstLimit ?? 1000 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /**
   * Routes GET/POST /sso and GET /.well-known/jwks.json to the SSO function. Separate from the
   * constructor because the function's issuer is this API's URL.
   */
  routeTo(handler: IFunction): void {
    const integration = new HttpLambdaIntegration('Sso', handler);
    this.api.addRoutes({ path: SSO_ROUTE_PATH, methods: [HttpMethod.GET, HttpMethod.POST], integration });
    this.api.addRoutes({ path: JWKS_ROUTE_PATH, methods: [HttpMethod.GET], integration });
    this.api.addRoutes({ path: PROFILE_ROUTE_PATH, methods: [HttpMethod.GET], integration });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The SSO routes are opened by browsers of any organisation; the endpoint authenticates each client itself (client id, client secret and a JWT signed with the client key), and the JWKS and the public profiles are public by design.',
    });
  }

  /** Routes GET /health to the SSO function (regional stacks of a multi-region deployment). */
  routeHealthTo(handler: IFunction): void {
    const integration = new HttpLambdaIntegration('Health', handler);
    this.api.addRoutes({ path: HEALTH_ROUTE_PATH, methods: [HttpMethod.GET], integration });
  }

  /** The API's base URL, without a trailing slash: the assertions' issuer when there is no edge. */
  get baseUrl(): string {
    return this.api.apiEndpoint;
  }

  /** The API's host name (`<id>.execute-api.<region>.amazonaws.com`): the edge's SSO origin. */
  get domainName(): string {
    return Fn.select(2, Fn.split('/', this.api.apiEndpoint));
  }
}
