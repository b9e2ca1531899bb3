/**
 * Entry of the throughput phase's server (see local-server-main.ts), run through tsx like `npm start`:
 * the resolve hook that lets CommonJS load import-only packages (@middy/core) goes first, as in
 * tools/local/start.ts, then the server is loaded.
 */
import { allowRequireOfImportOnlyPackages } from '../../tools/local/import-only-packages';

allowRequireOfImportOnlyPackages();
void import('./local-server-main');
