/** The floor's Lambda entry, bundled like lambdas/sso/handler.ts: the clients are created at module load. */
import { createFloorHandler, floorClients } from './floor-handler';

export const handler = createFloorHandler(floorClients());
