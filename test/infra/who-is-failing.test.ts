/**
 * Who is failing, and the alarms that point at it, asserted on the synthesized template: Contributor
 * Insights rules over the SSO log group built from the catalog, their dashboard widgets, and every alarm
 * (to the one SNS topic, each saying where to look first). The rules' field names are checked against a
 * real refusal log line of the handler.
 */
import { ERROR_CODES, METRICS } from '../../lambdas/core/catalog';
import {
  clientsWidgetTitle,
  CONTRIBUTOR_FIELDS,
  contributorKeys,
  SOURCE_IP_CODES,
  SOURCE_IPS_WIDGET_TITLE,
} from '../../lib/contributor-insights';
import { API_5XX_PER_5_MINUTES } from '../../lib/edge-monitoring';
import { API_4XX_THRESHOLD, SURGE_THRESHOLDS } from '../../lib/monitoring';
import { captureLogs } from '../support/log-capture';
import { createSsoWorld, mintToken, ssoEvent } from '../support/sso-fixture';
import { synthesizeStack, type SynthesizedStack } from './synthesized-stack';

let synth: SynthesizedStack;
beforeAll(async () => {
  synth = await synthesizeStack('wrapped');
}, 120_000);

const ofType = (type: string) =>
  Object.entries(synth.json.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => ({ id, properties: resource.Properties ?? {} }));

interface RuleBody {
  Schema: { Name: string; Version: number };
  LogGroupNames: unknown[];
  LogFormat: string;
  Contribution: { Keys: string[]; Filters: { Match: string; In: string[] }[] };
  AggregateOn: string;
}

/** A rule body with its CloudFormation references (the log group) resolved to their JSON. */
function ruleBody(properties: Record<string, unknown>): RuleBody {
  const body = properties.RuleBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
  return JSON.parse(text.replace(/"(\{"Ref":"[^"]+"\})"/g, '$1')) as RuleBody;
}

function dashboardBody(): string {
  const [dashboard] = ofType('AWS::CloudWatch::Dashboard');
  const parts = (dashboard?.properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
}

describe('Contributor Insights rules', () => {
  it('rank the clients of each error code and the source IPs of 101 and 102 in the SSO log group', () => {
    // Prepare
    const logGroup = { Ref: synth.logicalId(synth.stack.sso.logGroup) };
    // Act
    const rules = ofType('AWS::CloudWatch::InsightRule').map(({ properties }) => ({
      state: properties.RuleState,
      body: ruleBody(properties),
    }));
    // Assess
    expect(rules).toHaveLength(ERROR_CODES.length + 1);
    const expected = [
      ...ERROR_CODES.map((code) => ({ keys: contributorKeys(code).map((key) => `$.${key}`), codes: [code] })),
      { keys: [`$.${CONTRIBUTOR_FIELDS.sourceIp}`], codes: [...SOURCE_IP_CODES] },
    ];
    expect(
      rules.map(({ body }) => ({ keys: body.Contribution.Keys, codes: body.Contribution.Filters[1]?.In })),
    ).toEqual(expected);
    for (const { state, body } of rules) {
      expect(state).toBe('ENABLED');
      expect(body).toMatchObject({
        Schema: { Name: 'CloudWatchLogRule', Version: 1 },
        LogGroupNames: [logGroup],
        LogFormat: 'JSON',
        AggregateOn: 'Count',
      });
      expect(body.Contribution.Filters[0]).toEqual({ Match: '$.outcome', In: ['refused'] });
    }
    expect(rules[1]?.body.Contribution.Keys).toEqual(['$.clientId', '$.cid']);
    expect(SOURCE_IP_CODES).toEqual(['101', '102']);
  });

  it('are widgets on the dashboard, one per code from the catalog and one for the source IPs', () => {
    // Prepare
    const body = dashboardBody();
    const rules = ofType('AWS::CloudWatch::InsightRule');
    // Act / Assess
    for (const code of ERROR_CODES) expect(body).toContain(`"title":"${clientsWidgetTitle(code)}"`);
    expect(body).toContain(`"title":"${SOURCE_IPS_WIDGET_TITLE}"`);
    for (const { id } of rules) {
      expect(body).toContain(
        `"insightRule":{"maxContributorCount":10,"orderBy":"Sum","ruleName":"${JSON.stringify({ 'Fn::GetAtt': [id, 'RuleName'] })}"}`,
      );
    }
    const accessLogs = JSON.stringify({ Ref: synth.logicalId(synth.stack.api.accessLogs) });
    expect(body).toContain(`SOURCE '${accessLogs}' | fields @timestamp, status, routeKey, path, sourceIp`);
    expect(body).toMatch(/filter status >= 400/);
  });

  it('read field names the handler really writes on a refusal: code, clientId, cid, sourceIp (the viewer behind the edge)', async () => {
    // Prepare
    const world = await createSsoWorld();
    const client = await world.newClient();
    const logs = captureLogs();
    const refusedEvent = async (viewer: string) => {
      const event = ssoEvent({ client_id: client.clientId, client_secret: 'wrong', token: await mintToken(client) });
      event.requestContext.http.sourceIp = '203.0.113.7';
      event.headers['cloudfront-viewer-address'] = viewer;
      return event;
    };
    const direct = await refusedEvent('192.0.2.1:443');
    const viaEdge = await refusedEvent('2001:db8::5:51234');
    // Act
    try {
      await world.handler()(direct);
      await world.handler({ edgeGuard: { check: () => Promise.resolve({ admitted: true }) } })(viaEdge);
    } finally {
      logs.stop();
      world.destroy();
    }
    // Assess
    expect(logs.lineFor(direct.requestContext.requestId)).toMatchObject({
      outcome: 'refused',
      [CONTRIBUTOR_FIELDS.code]: '102',
      [CONTRIBUTOR_FIELDS.clientId]: client.clientId,
      [CONTRIBUTOR_FIELDS.cid]: client.cid,
      [CONTRIBUTOR_FIELDS.sourceIp]: '203.0.113.7',
    });
    expect(logs.lineFor(viaEdge.requestContext.requestId)).toMatchObject({
      [CONTRIBUTOR_FIELDS.code]: '102',
      [CONTRIBUTOR_FIELDS.sourceIp]: '2001:db8::5',
    });
  });
});

describe('alarms', () => {
  interface AlarmMetric {
    Namespace?: unknown;
    MetricName?: unknown;
    Dimensions?: { Name: string; Value: unknown }[];
  }
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(({ properties }) => properties);
  /** The alarm's one metric: top-level, or the single metric of its Metrics form (a labelled metric). */
  const metricOf = (alarm: Record<string, unknown>): AlarmMetric => {
    const queries = alarm.Metrics as { MetricStat?: { Metric: AlarmMetric } }[] | undefined;
    return queries?.length === 1 ? (queries[0]?.MetricStat?.Metric ?? {}) : alarm;
  };
  const byMetric = (namespace: string, name: string, code?: string) =>
    alarms().find((alarm) => {
      const metric = metricOf(alarm);
      return (
        metric.Namespace === namespace &&
        metric.MetricName === name &&
        (code === undefined ||
          (metric.Dimensions ?? []).some((d) => d.Name === METRICS.errorCodeDimension && d.Value === code))
      );
    });

  it('fire on a surge of 102 or 103, pointing at the clients widget, explain and find', () => {
    for (const code of ['102', '103'] as const) {
      // Act
      const alarm = byMetric(METRICS.namespace, METRICS.error, code);
      // Assess
      expect(alarm).toMatchObject({
        Threshold: SURGE_THRESHOLDS[code],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect((alarm?.Metrics as { MetricStat: object }[])[0]?.MetricStat).toMatchObject({ Stat: 'Sum', Period: 300 });
      expect(alarm?.AlarmDescription).toContain(`"${clientsWidgetTitle(code)}"`);
      expect(alarm?.AlarmDescription).toContain(`explain ${code}`);
      expect(alarm?.AlarmDescription).toContain('find <ref>');
    }
    expect(byMetric(METRICS.namespace, METRICS.error, '102')?.AlarmDescription).toContain(SOURCE_IPS_WIDGET_TITLE);
  });

  it('fire on API 5xx and 4xx (throttling 429 included), on the stage metrics', () => {
    // Prepare
    const apiId = { Ref: synth.logicalId(synth.stack.api.api) };
    // Act
    const server = byMetric('AWS/ApiGateway', '5xx');
    const client = byMetric('AWS/ApiGateway', '4xx');
    // Assess
    expect(server).toMatchObject({ Threshold: API_5XX_PER_5_MINUTES, Statistic: 'Sum' });
    expect(client).toMatchObject({ Threshold: API_4XX_THRESHOLD, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    for (const alarm of [server, client]) {
      expect(alarm?.Dimensions).toEqual(
        expect.arrayContaining([
          { Name: 'ApiId', Value: apiId },
          { Name: 'Stage', Value: '$default' },
        ]),
      );
    }
    expect(client?.AlarmDescription).toMatch(/429/);
  });

  it('all go to the SNS topic and each says what to look at first: a dashboard widget and an admin command', () => {
    // Prepare
    const topic = { Ref: synth.logicalId(synth.stack.monitoring.topic) };
    const body = dashboardBody();
    // Act
    const all = alarms();
    // Assess
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const alarm of all) {
      expect(alarm.AlarmActions).toEqual([topic]);
      const description = String(alarm.AlarmDescription);
      const widgets = [...description.matchAll(/dashboard widgets? ((?:"[^"]+"(?:, )?)+)/g)].flatMap(([, list]) =>
        [...list!.matchAll(/"([^"]+)"/g)].map(([, title]) => title!),
      );
      expect(widgets.length).toBeGreaterThan(0);
      for (const title of widgets) expect(body).toContain(`"title":"${title.replace(/"/g, '\\"')}"`);
      expect(description).toMatch(/`npm run --silent admin -- (find|explain|audit)\b/);
    }
  });
});
