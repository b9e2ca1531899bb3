/**
 * The /sso origin-response function (Lambda@Edge): API Gateway's own answers on /sso — the stage
 * throttle's bare `429` JSON, a 413, a 5xx — reach the person as a 302 to the hosted page with 105
 * (lambdas/edge-response/answer.ts). CloudFront's custom error responses cannot map a 429, and viewer
 * functions do not run when the origin answers 400 or more; an origin-response function runs for every
 * answer of the origin.
 *
 * Lambda@Edge's rules shape it: created in us-east-1 (it lives in the web ACL's stack), x86_64, no
 * environment variables (so no source maps through NODE_OPTIONS), a published version, and a role that
 * edgelambda.amazonaws.com may assume too. Its logs go to `/aws/lambda/us-east-1.<name>` in the region
 * of the edge location that ran it, so the role may write to that log group in any region, nothing else.
 */
import { Aws, CrossStackReferences, Duration, ReferenceStrength, Stack, Validations } from 'aws-cdk-lib';
import { CompositePrincipal, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, type IVersion } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './sso-bundling';

export const EDGE_RESPONSE_ENTRY = join(REPOSITORY_ROOT, 'lambdas', 'edge-response', 'handler.ts');

/** Lambda@Edge runs Node.js 22 (the newest Node runtime it supports); the code needs nothing newer. */
export const EDGE_RESPONSE_RUNTIME = Runtime.NODEJS_22_X;

export class SsoOriginResponse extends Construct {
  readonly function: NodejsFunction;
  /** The published version CloudFront associates (Lambda@Edge takes versions only). */
  readonly version: IVersion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // A fixed name: the role's policy names the function's log group, and the function needs the role first.
    const functionName = `${Stack.of(this).stackName}-sso-origin-response`;
    const logGroup = `arn:${Aws.PARTITION}:logs:*:${Aws.ACCOUNT_ID}:log-group:/aws/lambda/us-east-1.${functionName}`;
    const role = new Role(this, 'Role', {
      assumedBy: new CompositePrincipal(
        new ServicePrincipal('lambda.amazonaws.com'),
        new ServicePrincipal('edgelambda.amazonaws.com'),
      ),
      description: 'Infoauth /sso origin-response (Lambda@Edge): execution role, its own logs only',
      inlinePolicies: {
        EdgeLogs: new PolicyDocument({
          statements: [
            new PolicyStatement({
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup, `${logGroup}:*`],
            }),
          ],
        }),
      },
    });
    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      entry: EDGE_RESPONSE_ENTRY,
      handler: 'handler',
      description:
        'Infoauth /sso origin-response: API Gateway answers (429, 413, 5xx) become a 302 to the page with 105',
      runtime: EDGE_RESPONSE_RUNTIME,
      architecture: Architecture.X86_64,
      memorySize: 128,
      timeout: Duration.seconds(5),
      role,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: false,
        forceDockerBundling: false,
      },
    });
    this.version = this.function.currentVersion;
    // Read by the main stack in another region with Fn::GetStackOutput: no custom resource, no export lock.
    CrossStackReferences.of(this.version).produce(ReferenceStrength.WEAK);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:*:<AWS::AccountId>:log-group:/aws/lambda/us-east-1.${functionName}:*]`,
      reason:
        'Lambda@Edge writes its logs in the region of the edge location that ran it: the log group name is fixed, the region cannot be.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:*:<AWS::AccountId>:log-group:/aws/lambda/us-east-1.${functionName}]`,
      reason: 'The same log group (its creation): Lambda@Edge picks the region.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Lambda@Edge supports Node.js up to 22; the project’s regional functions run Node.js 24.',
    });
  }
}
