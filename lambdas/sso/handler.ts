/** The Lambda entry point of the SSO and JWKS routes. */
import { createHandler } from './app';
import { defaultDeps } from './compose';

export const handler = createHandler(defaultDeps());
