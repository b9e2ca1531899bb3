// Runs in a child process on the project's Node 24: records every network attempt (TCP/TLS connect,
// DNS lookup, UDP send, fetch), imports the bundled artifact, then invokes its handler with the events
// given. Writes { loadNetworkCalls, invokeNetworkCalls, results } as JSON to the output file.
// Usage: node artifact-driver.mjs <index.mjs> <events.json> <output.json>
import dgram from 'node:dgram';
import dns from 'node:dns';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [artifactPath, eventsPath, outputPath] = process.argv.slice(2);
const calls = [];

function record(target, name, describe) {
  const original = target[name];
  target[name] = function recorded(...args) {
    calls.push(describe(args));
    return original.apply(this, args);
  };
}

record(net.Socket.prototype, 'connect', (args) => `connect ${JSON.stringify(args[0]?.host ?? args[1] ?? args[0])}`);
record(dns, 'lookup', (args) => `dns ${args[0]}`);
record(dns.promises, 'lookup', (args) => `dns ${args[0]}`);
record(dgram.Socket.prototype, 'send', () => 'udp send');
record(globalThis, 'fetch', (args) => `fetch ${String(args[0])}`);

const module = await import(pathToFileURL(artifactPath).href);
const loadNetworkCalls = [...calls];

const events = JSON.parse(readFileSync(eventsPath, 'utf8'));
const results = [];
for (const [index, event] of events.entries()) {
  const context = {
    awsRequestId: `artifact-test-${index}`,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    getRemainingTimeInMillis: () => 20_000,
  };
  results.push(await module.handler(event, context));
}
writeFileSync(
  outputPath,
  JSON.stringify({ loadNetworkCalls, invokeNetworkCalls: calls.slice(loadNetworkCalls.length), results }),
);
