// Times jsonld.js expansion of one document, with contexts served from local files (no network).
// Usage: node expand-bench.mjs INPUT CONTEXTS_JSON ITERATIONS
// CONTEXTS_JSON maps context URLs to local files. Warms up for 3 s, then prints the fastest of 5 batches as {"msPerOp": n}.
import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';

const [input, contextsFile, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg);
const contexts = JSON.parse(readFileSync(contextsFile, 'utf8'));
const documents = new Map(Object.entries(contexts).map(([url, file]) => [url, JSON.parse(readFileSync(file, 'utf8'))]));
const documentLoader = async (url) => {
  const document = documents.get(url);
  if (document === undefined) {
    throw new Error(`loading remote context failed: ${url}`);
  }
  return { contextUrl: null, document, documentUrl: url };
};
const text = readFileSync(input, 'utf8');
const expand = () => jsonld.expand(JSON.parse(text), { documentLoader });

const warmupEnd = Date.now() + 3000;
while (Date.now() < warmupEnd) {
  await expand();
}

let best = Number.MAX_VALUE;
for (let batch = 0; batch < 5; batch++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    await expand();
  }
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / iterations);
}
console.log(JSON.stringify({ msPerOp: best }));
