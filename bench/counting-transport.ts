/** Counts the requests an SDK client sends, at its HTTP handler (retries included), for real DynamoDB too. */
import type { SdkRequestHandler } from './in-memory-dynamo';

type RequestHandler = Pick<SdkRequestHandler, 'handle'>;

/** Wraps the client's transport; the returned function reads the count. */
export function countRequests(client: { config: unknown }): () => number {
  const config = client.config as { requestHandler: RequestHandler };
  const transport = config.requestHandler;
  let count = 0;
  config.requestHandler = new Proxy(transport, {
    get(target, property, receiver) {
      if (property !== 'handle') {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (...args: Parameters<RequestHandler['handle']>) => {
        count += 1;
        return target.handle(...args);
      };
    },
  });
  return () => count;
}
