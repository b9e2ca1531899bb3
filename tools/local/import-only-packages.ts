/**
 * Lets `require` load packages that export only an `import` condition (ES modules only, like
 * `@middy/core`), which the Lambda bundle and jest resolve on their own but tsx, running our TypeScript
 * as CommonJS, does not. Node 24 can `require()` such modules; it only needs the condition to find them.
 * Must run before the modules that import such packages are loaded.
 */
import { registerHooks } from 'node:module';

export function allowRequireOfImportOnlyPackages(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        const notExported = (error as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
        if (!notExported || context.conditions.includes('import')) throw error;
        return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'import'] });
      }
    },
  });
}
