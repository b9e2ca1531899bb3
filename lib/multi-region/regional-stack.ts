/**
 * One region of a multi-region deployment: the HTTP API with its `/health` route and the regional custom
 * domain that every region shares (`origin.<domainName>`, certificate validated in the hosted zone), the
 * SSO function and its role, this region's replica of the wrapping key, the Route 53 health check and
 * latency record, and the region's dashboard and alarms. The edge (global stack) is the one entry
 * point: the function refuses sign-ins without the edge's origin secret, which it reads from this
 * region's replica, so a region keeps signing in when the home region is down. `/health` is not guarded
 * (Route 53 asks each region's own endpoint).
 */
import { CfnOutput, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { ApiMapping, DomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ARecord, HealthCheck, HealthCheckType, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { ENCRYPTION_CONTEXT_CONDITION } from '../../lambdas/adapters/kms/key-policy';
import { HEALTH_ROUTE_PATH, SsoApi } from '../api';
import { ORIGIN_SECRET_ENV } from '../edge';
import { InfoauthMonitoring } from '../monitoring';
import { regionalOriginName, type MultiRegionSettings } from '../regions';
import { SsoFunction } from '../sso-function';
import { globalTableNames, ssoLogGroupName, ssoRoleName } from './names';
import { ReplicaTables } from './replica-tables';
import { ReplicaWrappingKey } from './wrapping-key';

/** Route 53 asks every 10 s and takes a region out after 3 failures: about 30 s, plus the record's TTL. */
export const HEALTH_CHECK_INTERVAL_SECONDS = 10;
export const HEALTH_CHECK_FAILURE_THRESHOLD = 3;

export interface InfoauthRegionalStackProps extends StackProps {
  readonly settings: MultiRegionSettings;
  readonly appName: string;
  /** The multi-Region wrapping key's primary (home region); other regions replicate it. */
  readonly primaryKeyArn: string;
  readonly errorPageUrl: string;
  /** The edge's origin secret (home region); this region reads its own replica of it. */
  readonly originSecretArn: string;
}

/**
 * The ARN of a Secrets Manager secret's replica in `region`: the same name and suffix, another region
 * (`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<suffix>`).
 */
export function secretReplicaArn(secretArn: string, region: string): string {
  const parts = Fn.split(':', secretArn, 7);
  return Fn.join(':', [
    Fn.select(0, parts),
    Fn.select(1, parts),
    Fn.select(2, parts),
    region,
    Fn.select(4, parts),
    Fn.select(5, parts),
    Fn.select(6, parts),
  ]);
}

export class InfoauthRegionalStack extends Stack {
  readonly tables: ReplicaTables;
  readonly api: SsoApi;
  readonly sso: SsoFunction;
  /** The primary key in the home region, the replica elsewhere. */
  readonly wrappingKeyArn: string;
  /** This region's replica of the edge's origin secret. */
  readonly originSecretArn: string;
  readonly originDomain: DomainName;
  readonly healthCheck: HealthCheck;
  readonly latencyRecord: ARecord;
  readonly monitoring: InfoauthMonitoring;

  constructor(scope: Construct, id: string, props: InfoauthRegionalStackProps) {
    super(scope, id, props);
    const { settings, appName } = props;
    const isHome = this.region === settings.homeRegion;
    this.originSecretArn = secretReplicaArn(props.originSecretArn, this.region);
    const originSecretArn = this.originSecretArn;
    this.tables = new ReplicaTables(this, 'Tables', globalTableNames(appName));
    this.api = new SsoApi(this, 'Api');
    this.sso = new SsoFunction(this, 'Sso', {
      tables: this.tables,
      roleName: ssoRoleName(appName, this.region),
      logGroupName: ssoLogGroupName(appName),
      environment: {
        // One issuer for every region: target applications see one service.
        INFOAUTH_ISSUER: `https://${settings.domainName}`,
        INFOAUTH_ERROR_PAGE_URL: props.errorPageUrl,
        INFOAUTH_SIGNING_MODE: 'wrapped',
        // Behind the edge: the bypass guard reads this region's replica of the origin secret.
        [ORIGIN_SECRET_ENV]: originSecretArn,
        // INFOAUTH_KEK_KEY_ID is added below: the replica key's policy names this function's role.
      },
    });
    this.sso.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadEdgeOriginSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [originSecretArn],
      }),
    );
    this.wrappingKeyArn = isHome
      ? props.primaryKeyArn
      : new ReplicaWrappingKey(this, 'WrappingKey', { primaryKeyArn: props.primaryKeyArn, ssoRole: this.sso.role })
          .keyArn;
    this.sso.function.addEnvironment('INFOAUTH_KEK_KEY_ID', this.wrappingKeyArn);
    this.sso.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'UnwrapSigningKey',
        actions: ['kms:Decrypt'],
        resources: [this.wrappingKeyArn],
        conditions: ENCRYPTION_CONTEXT_CONDITION,
      }),
    );
    this.api.routeTo(this.sso.function);
    this.api.routeHealthTo(this.sso.function);

    const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: settings.hostedZoneId,
      zoneName: settings.hostedZoneName,
    });
    const originName = regionalOriginName(settings.domainName);
    const certificate = new Certificate(this, 'OriginCertificate', {
      domainName: originName,
      validation: CertificateValidation.fromDns(zone),
    });
    this.originDomain = new DomainName(this, 'OriginDomain', { domainName: originName, certificate });
    new ApiMapping(this, 'OriginMapping', { api: this.api.api, domainName: this.originDomain, stage: this.api.stage });

    this.healthCheck = new HealthCheck(this, 'Health', {
      type: HealthCheckType.HTTPS,
      // The region's own endpoint: the shared origin name would be answered by whichever region is nearest.
      fqdn: `${this.api.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
      port: 443,
      resourcePath: HEALTH_ROUTE_PATH,
      requestInterval: Duration.seconds(HEALTH_CHECK_INTERVAL_SECONDS),
      failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
      // Evacuation on purpose: an inverted check reports this healthy region as unhealthy.
      inverted: settings.evacuated.includes(this.region),
    });
    this.latencyRecord = new ARecord(this, 'LatencyRecord', {
      zone,
      recordName: originName,
      target: RecordTarget.fromAlias(
        new ApiGatewayv2DomainProperties(this.originDomain.regionalDomainName, this.originDomain.regionalHostedZoneId),
      ),
      region: this.region,
      setIdentifier: `${appName}-${this.region}`,
      healthCheck: this.healthCheck,
    });

    this.monitoring = new InfoauthMonitoring(this, 'Monitoring', { sso: this.sso, api: this.api, tables: this.tables });
    Validations.of(this.sso.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output('RegionalHealthUrl', `${this.api.baseUrl}${HEALTH_ROUTE_PATH}`, 'This region’s /health (Route 53 asks it)');
    output('HealthCheckId', this.healthCheck.healthCheckId, 'Invert it to evacuate this region');
    output('SsoLogGroupName', this.sso.logGroup.logGroupName, 'The SSO function log group in this region');
    output('AlarmTopicArn', this.monitoring.topic.topicArn, 'Subscribe here for this region’s alarms');
    output('DashboardName', this.monitoring.dashboard.dashboardName, 'This region’s dashboard');
  }
}
