/**
 * Who is failing: CloudWatch Contributor Insights rules on the SSO function's log group, built from the
 * error catalog. One rule per error code ranks the client ids (and CIDs) with the most refusals of that
 * code; one ranks the source IPs of 101 and 102 (unknown client ids and wrong secrets: probing and
 * guessing). Rules read the handler's JSON log lines (`code`, `clientId`, `cid`, `sourceIp`), so no
 * per-client custom metric is needed: their price does not grow with the number of tenants.
 */
import { Stack } from 'aws-cdk-lib';
import { CfnInsightRule, ConcreteWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CATALOG, ERROR_CODES, type ErrorCode } from '../lambdas/core/catalog';

/** The log fields the rules rank by; the handler writes them on every refusal (lambdas/sso/app.ts). */
export const CONTRIBUTOR_FIELDS = { code: 'code', clientId: 'clientId', cid: 'cid', sourceIp: 'sourceIp' } as const;

/** The codes whose source IPs are ranked: refused before any client was authenticated. */
export const SOURCE_IP_CODES: readonly ErrorCode[] = ['101', '102'];

/** How many contributors a widget shows. */
const TOP = 10;

/**
 * The keys a code's refusals are ranked by. A 101 names no known configuration, so no CID; every later
 * code comes with both the client id and the configuration's CID.
 */
export function contributorKeys(code: ErrorCode): string[] {
  return code === '101' ? [CONTRIBUTOR_FIELDS.clientId] : [CONTRIBUTOR_FIELDS.clientId, CONTRIBUTOR_FIELDS.cid];
}

/** A Contributor Insights rule body over JSON log events, counting the events that match `codes`. */
export function insightRuleBody(logGroupName: string, keys: readonly string[], codes: readonly ErrorCode[]): string {
  return JSON.stringify({
    Schema: { Name: 'CloudWatchLogRule', Version: 1 },
    LogGroupNames: [logGroupName],
    LogFormat: 'JSON',
    Contribution: {
      Keys: keys.map((key) => `$.${key}`),
      Filters: [
        { Match: '$.outcome', In: ['refused'] },
        { Match: `$.${CONTRIBUTOR_FIELDS.code}`, In: [...codes] },
      ],
    },
    AggregateOn: 'Count',
  });
}

/** A dashboard graph of a rule's top contributors (CDK has no widget for Contributor Insights). */
export class ContributorInsightsWidget extends ConcreteWidget {
  constructor(
    private readonly props: { readonly title: string; readonly ruleName: string; readonly region: string },
    width = 8,
    height = 6,
  ) {
    super(width, height);
  }

  toJson(): object[] {
    return [
      {
        type: 'metric',
        width: this.width,
        height: this.height,
        x: this.x,
        y: this.y,
        properties: {
          title: this.props.title,
          region: this.props.region,
          view: 'timeSeries',
          stacked: false,
          period: 300,
          legend: { position: 'right' },
          insightRule: { maxContributorCount: TOP, orderBy: 'Sum', ruleName: this.props.ruleName },
        },
      },
    ];
  }
}

/** The title of the widget that ranks the clients of one code (alarm descriptions point at it). */
export function clientsWidgetTitle(code: ErrorCode): string {
  return `Top clients, ${code} ${CATALOG[code].title}${code === '101' ? ' (client id presented)' : ' (client id, CID)'}`;
}

export const SOURCE_IPS_WIDGET_TITLE = `Top source IPs, ${SOURCE_IP_CODES.join(' and ')} (probing, guessing secrets)`;

export interface FailingContributorsProps {
  readonly logGroup: ILogGroup;
}

export class FailingContributors extends Construct {
  /** One rule per error code, in catalog order. */
  readonly byCode: ReadonlyMap<ErrorCode, CfnInsightRule>;
  readonly sourceIps: CfnInsightRule;
  readonly widgets: readonly ContributorInsightsWidget[];

  constructor(scope: Construct, id: string, props: FailingContributorsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const rule = (ruleId: string, suffix: string, keys: string[], codes: readonly ErrorCode[]) =>
      new CfnInsightRule(this, ruleId, {
        ruleName: `${stack.stackName}-${suffix}`,
        ruleState: 'ENABLED',
        ruleBody: insightRuleBody(props.logGroup.logGroupName, keys, codes),
      });
    const byCode = ERROR_CODES.map(
      (code) => [code, rule(`Clients${code}`, `clients-${code}`, contributorKeys(code), [code])] as const,
    );
    this.byCode = new Map(byCode);
    this.sourceIps = rule(
      'SourceIps',
      `source-ips-${SOURCE_IP_CODES.join('-')}`,
      [CONTRIBUTOR_FIELDS.sourceIp],
      SOURCE_IP_CODES,
    );
    this.widgets = [
      ...byCode.map(
        ([code, clientsRule]) =>
          new ContributorInsightsWidget({
            title: clientsWidgetTitle(code),
            ruleName: clientsRule.attrRuleName,
            region: stack.region,
          }),
      ),
      new ContributorInsightsWidget(
        {
          title: SOURCE_IPS_WIDGET_TITLE,
          ruleName: this.sourceIps.attrRuleName,
          region: stack.region,
        },
        24,
      ),
    ];
  }
}
