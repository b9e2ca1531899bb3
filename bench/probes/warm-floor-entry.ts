/** The warm probe over the floor, with only the DynamoDB transport in memory. */
import { answerInMemory } from '../in-memory-dynamo';
import { createFloorHandler, floorClients } from '../floor-handler';
import { runWarmProbe } from './warm-probe';

void runWarmProbe((dynamo) => {
  const clients = floorClients();
  answerInMemory(clients.documentClient, dynamo);
  return createFloorHandler(clients);
});
