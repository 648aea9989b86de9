// Derives the documents the validating proxies load from the vendors' published descriptions.
// Usage: node prepare-specs.mjs <specs folder> <output folder>
//
// - stripe.json: the Stripe reporting subset, with one workaround for Prism 5.14.2 (see patchStripe).
// - analyticsdata.json, analyticsadmin.json: Google's discovery documents converted to Swagger 2.0 by
//   google-discovery-to-swagger, with each operation moved to the discovery document's own `flatPath`.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const discoveryToSwagger = require('google-discovery-to-swagger');

const [specs, output] = process.argv.slice(2);
if (!specs || !output) {
  console.error('usage: node prepare-specs.mjs <specs folder> <output folder>');
  process.exit(2);
}
fs.mkdirSync(output, { recursive: true });

const readJson = (file) => JSON.parse(fs.readFileSync(path.join(specs, file), 'utf8'));
const writeJson = (file, value) => fs.writeFileSync(path.join(output, file), JSON.stringify(value));

// Prism 5.14.2 validates an optional deepObject query parameter that the request leaves out as an empty object,
// so a `required` list inside its schema refuses every request without it (e.g. `automatic_tax[enabled]` on
// GET /v1/subscriptions). The parameter stays declared with its types; only that inner `required` goes.
function patchStripe(spec) {
  for (const operations of Object.values(spec.paths)) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query' && parameter.style === 'deepObject' && !parameter.required) {
          delete parameter.schema?.required;
        }
      }
    }
  }
  return spec;
}

function discoveryMethods(resource, found = new Map()) {
  for (const method of Object.values(resource.methods ?? {})) {
    found.set(method.id, method);
  }
  for (const child of Object.values(resource.resources ?? {})) {
    discoveryMethods(child, found);
  }
  return found;
}

// Discovery paths such as `v1beta/{+property}:runReport` take a resource name with slashes in one parameter,
// which OpenAPI path templates cannot express. Each discovery method also publishes `flatPath`
// (`v1beta/properties/{propertiesId}:runReport`), the same URL with one parameter per segment: use it.
function flatten(swagger, discovery) {
  const methods = discoveryMethods(discovery);
  const paths = {};
  for (const [template, item] of Object.entries(swagger.paths)) {
    for (const [verb, operation] of Object.entries(item)) {
      if (verb === 'parameters') {
        continue;
      }
      const method = methods.get(operation.operationId);
      const flat = method?.flatPath ? `/${method.flatPath}` : template;
      const names = [...flat.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      operation.parameters = [
        ...(operation.parameters ?? []).filter((parameter) => parameter.in !== 'path'),
        ...names.map((name) => ({ name, in: 'path', required: true, type: 'string' })),
      ];
      paths[flat] ??= { parameters: item.parameters };
      paths[flat][verb] = operation;
    }
  }
  swagger.paths = paths;
  // A discovery document's REST methods take and answer JSON; the conversion leaves the media types unsaid.
  swagger.consumes ??= ['application/json'];
  swagger.produces ??= ['application/json'];
  return swagger;
}

writeJson('stripe.json', patchStripe(readJson('stripe/spec3.reporting-subset.prism.json')));
for (const api of ['analyticsdata', 'analyticsadmin']) {
  const discovery = readJson(`google-analytics/${api}.v1beta.json`);
  writeJson(`${api}.json`, flatten(discoveryToSwagger.convert(discovery), discovery));
}
console.log(`specs written to ${output}`);
