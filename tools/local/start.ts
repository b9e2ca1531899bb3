/** `npm start`: see local-run.ts. */
import { allowRequireOfImportOnlyPackages } from './import-only-packages';

allowRequireOfImportOnlyPackages();
// Loaded only now, so that the handler's ES-module-only dependencies resolve through the hook above.
void import('./local-run');
