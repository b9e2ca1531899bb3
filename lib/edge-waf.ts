/**
 * The edge's web ACL (AWS WAF, CLOUDFRONT scope), in a stack of its own in us-east-1: AWS creates
 * CloudFront-scope web ACLs there only, whatever region the rest of Infoauth is deployed to. The main
 * stack reads the ACL's ARN across regions.
 *
 * Every block answers `302 Location: /error/?code=105` with `Cache-Control: no-store`, never a bare 403:
 * - RateLimitPerIp: more than the chosen number of /sso requests from one IP address in 5 minutes;
 * - AWS managed rules, counted (they only label) and then blocked by BlockManagedRuleMatches, so that
 *   their blocks use the same 302 (a managed rule group's own block is a bare 403):
 *   the Amazon IP reputation list (its reputation and reconnaissance lists, not the DDoS list, which AWS
 *   itself ships in count mode) and the known bad inputs (Log4j, Java deserialization, exploit paths).
 *   The core rule set is left out: its size limits (query string over 2 KB) refuse legitimate GET
 *   sign-ins with large tokens, and its RFI rules match `return_to` URLs (docs/security.md).
 * Sampled requests are off: they keep request URIs, and GET sign-ins carry secrets and tokens.
 *
 * Lambda@Edge functions are created in us-east-1 too, so the stack also holds the /sso origin-response
 * function (lib/edge-response.ts), whose version the main stack reads across regions like the ACL's ARN.
 */
import { Stack, Token, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { CrossStackReferences, ReferenceStrength } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EDGE_REFUSAL_LOCATION, SSO_ROUTE_PATH } from './edge-paths';
import { SsoOriginResponse } from './edge-response';

/** CloudFront-scope web ACLs live in this region only. */
export const WAF_REGION = 'us-east-1';

/** Label namespaces and names that BlockManagedRuleMatches blocks (what the counted groups found). */
export const BLOCKED_MANAGED_LABELS = {
  names: [
    'awswaf:managed:aws:amazon-ip-list:AWSManagedIPReputationList',
    'awswaf:managed:aws:amazon-ip-list:AWSManagedReconnaissanceList',
  ],
  namespaces: ['awswaf:managed:aws:known-bad-inputs:'],
} as const;

/** The block action of every rule: the hosted page with 105. */
export const EDGE_REFUSAL: CfnWebACL.RuleActionProperty = {
  block: {
    customResponse: {
      responseCode: 302,
      responseHeaders: [
        { name: 'Location', value: EDGE_REFUSAL_LOCATION },
        { name: 'Cache-Control', value: 'no-store' },
        { name: 'Referrer-Policy', value: 'no-referrer' },
      ],
    },
  },
};

export interface EdgeWafStackProps extends StackProps {
  /** /sso requests per IP address per 5 minutes. */
  readonly rateLimitPerIp: number;
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: false };
}

function managedGroup(name: string, priority: number): CfnWebACL.RuleProperty {
  return {
    name: `Aws${name.replace(/^AWSManagedRules/, '')}`,
    priority,
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    overrideAction: { count: {} },
    visibilityConfig: visibility(`Aws${name.replace(/^AWSManagedRules/, '')}`),
  };
}

export class EdgeWafStack extends Stack {
  readonly webAcl: CfnWebACL;
  /** The /sso origin-response function (Lambda@Edge lives in us-east-1 too): API Gateway's own answers become the page with 105. */
  readonly ssoOriginResponse: SsoOriginResponse;
  /** The web ACL's name: the `WebACL` dimension of its CloudWatch metrics. */
  readonly webAclName: string;

  constructor(scope: Construct, id: string, props: EdgeWafStackProps) {
    super(scope, id, props);
    if (!Token.isUnresolved(this.region) && this.region !== WAF_REGION) {
      throw new Error(`The edge's web ACL must be in ${WAF_REGION} (CLOUDFRONT scope), not ${this.region}.`);
    }
    this.webAclName = `${this.stackName}-sso`;
    const labelMatches: CfnWebACL.StatementProperty[] = [
      ...BLOCKED_MANAGED_LABELS.names.map((key) => ({ labelMatchStatement: { scope: 'LABEL', key } })),
      ...BLOCKED_MANAGED_LABELS.namespaces.map((key) => ({ labelMatchStatement: { scope: 'NAMESPACE', key } })),
    ];
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      description:
        'Infoauth edge - rate limit per IP on /sso and AWS managed rules. Every block is a 302 to the hosted page with 105.',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.webAclName),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: props.rateLimitPerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: SSO_ROUTE_PATH,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          action: EDGE_REFUSAL,
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managedGroup('AWSManagedRulesAmazonIpReputationList', 1),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 2),
        {
          name: 'BlockManagedRuleMatches',
          priority: 3,
          statement: { orStatement: { statements: labelMatches } },
          action: EDGE_REFUSAL,
          visibilityConfig: visibility('BlockManagedRuleMatches'),
        },
      ],
    });
    // Read by the main stack in another region with Fn::GetStackOutput: no custom resource, no export lock.
    CrossStackReferences.of(this.webAcl).produce(ReferenceStrength.WEAK);
    this.ssoOriginResponse = new SsoOriginResponse(this, 'SsoOriginResponse');
  }

  get webAclArn(): string {
    return this.webAcl.attrArn;
  }

  /** The published version of the /sso origin-response function. */
  get ssoOriginResponseVersionArn(): string {
    return this.ssoOriginResponse.version.functionArn;
  }
}
