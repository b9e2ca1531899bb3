/**
 * A Lambda function as this project deploys them: the pinned Node major on arm64, bundled by the local
 * esbuild with the shared options, its own log group with a retention, and its own role that may write
 * only to that log group (no managed policy); callers add exactly the statements the code needs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { LAMBDA_BUNDLING, REPOSITORY_ROOT } from './sso-bundling';

/** The project pins Node 24 (package.json `node`); the function runs the same major. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export interface BundledFunctionProps {
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment?: Record<string, string>;
  readonly logRetention: RetentionDays;
  readonly tracing?: Tracing;
  /** A fixed role name, for a policy in another stack that must name the role before it exists. */
  readonly roleName?: string;
  /** A fixed log group name (the same in every region of a multi-region deployment). */
  readonly logGroupName?: string;
}

export class BundledFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      ...(props.logGroupName ? { logGroupName: props.logGroupName } : {}),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description}: execution role`,
      ...(props.roleName ? { roleName: props.roleName } : {}),
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ?? Tracing.DISABLED,
      environment: props.environment ?? {},
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      bundling: LAMBDA_BUNDLING,
    });
  }
}
