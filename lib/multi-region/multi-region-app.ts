/**
 * The stacks of a three-region deployment: the shared stack in the home region (named like the single
 * stack, so the admin CLI's default `--stack` finds it) and one stack per region, which read the shared
 * stack's wrapping key and error page URL across regions (CDK's cross-region references).
 */
import type { App } from 'aws-cdk-lib';
import type { MultiRegionSettings } from '../regions';
import { InfoauthGlobalStack } from './global-stack';
import { regionalStackName } from './names';
import { InfoauthRegionalStack } from './regional-stack';

export interface MultiRegionStacks {
  readonly global: InfoauthGlobalStack;
  /** In the order of the settings: the home region first. */
  readonly regional: readonly InfoauthRegionalStack[];
}

export function addMultiRegionStacks(
  app: App,
  settings: MultiRegionSettings,
  options: { readonly appName: string; readonly errorPageDir: string; readonly account?: string },
): MultiRegionStacks {
  const env = (region: string) => ({ region, ...(options.account ? { account: options.account } : {}) });
  const global = new InfoauthGlobalStack(app, options.appName, {
    env: env(settings.homeRegion),
    crossRegionReferences: true,
    settings,
    appName: options.appName,
    errorPageDir: options.errorPageDir,
    description: `Infoauth SSO endpoint: shared parts (home region ${settings.homeRegion} of ${settings.regions.join(', ')})`,
  });
  const regional = settings.regions.map(
    (region) =>
      new InfoauthRegionalStack(app, regionalStackName(options.appName, region), {
        env: env(region),
        crossRegionReferences: true,
        settings,
        appName: options.appName,
        primaryKeyArn: global.wrappingKey.key.keyArn,
        errorPageUrl: global.errorSite.url,
        description: `Infoauth SSO endpoint: region ${region}`,
      }),
  );
  for (const stack of regional) stack.addStackDependency(global);
  return { global, regional };
}
