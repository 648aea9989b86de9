// Validating proxy for the Google Ads REST API, driven by the service definitions (.proto) Google publishes.
// Usage: node google-ads-proxy.mjs --port <n> --upstream <url> --specs <folder with the .proto files>
//
// protobufjs parses the .proto files (each alone: the ~200 resource protos they import are not published with
// them), and supplies the HTTP bindings (google.api.http), the request messages, their fields, field options and
// comments, and the type check (Type.verify). This file only maps an HTTP request onto that reflection:
// - the method and path must match an rpc's HTTP binding;
// - every JSON body key (proto3 JSON: lowerCamelCase or the proto name) must be a field of the request message;
// - fields marked (google.api.field_behavior) = REQUIRED must be given, in the path or the body;
// - fields whose own documentation says the API answers an error when they are set (page_size's
//   PAGE_SIZE_NOT_SUPPORTED) are refused;
// - the values must pass protobufjs's verify for the message.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArguments, startProxy } from './lib/validating-proxy.mjs';

const require = createRequire(import.meta.url);
const protobuf = require('protobufjs');

const options = parseArguments(process.argv.slice(2));
const root = new protobuf.Root();
for (const file of fs.readdirSync(options.specs).filter((name) => name.endsWith('.proto'))) {
  protobuf.parse(fs.readFileSync(path.join(options.specs, file), 'utf8'), root,
    { keepCase: true, alternateCommentMode: true });
}

const refusedWhenSet = /returns? an? `?([A-Z_]+)`? error if this field is set/;

function services(namespace, found = []) {
  for (const nested of namespace.nestedArray ?? []) {
    if (nested instanceof protobuf.Service) {
      found.push(nested);
    } else if (nested.nestedArray) {
      services(nested, found);
    }
  }
  return found;
}

// `/v25/customers/{customer_id=*}/googleAds:search` → a regular expression with one named group per variable.
function bindingPattern(template) {
  const names = [];
  const source = template.replace(/[.:]/g, '\\$&').replace(/\{([a-z_.]+)(?:=([^}]*))?\}/g, (_, name, pattern) => {
    names.push(name);
    return pattern === '**' ? '(.+)' : '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}

const bindings = services(root).flatMap((service) => Object.values(service.methods).flatMap((method) => {
  const http = (method.parsedOptions ?? []).find((option) => option['(google.api.http)'])?.['(google.api.http)'];
  if (!http) {
    return [];
  }
  const verb = ['get', 'post', 'put', 'patch', 'delete'].find((candidate) => http[candidate]);
  return [{
    rpc: `${service.name}.${method.name}`,
    verb: verb.toUpperCase(),
    body: http.body,
    ...bindingPattern(http[verb]),
    request: root.lookupType(method.requestType),
  }];
}));

function fieldByJsonName(type, key) {
  return type.fieldsArray.find((field) => field.name === key || protobuf.util.camelCase(field.name) === key);
}

function validate(request) {
  const candidates = bindings.filter((binding) => binding.regex.test(request.path));
  const binding = candidates.find((candidate) => candidate.verb === request.method);
  if (!binding) {
    return candidates.length > 0
      ? [`${request.method} is not the HTTP method of ${candidates.map((c) => c.rpc).join(', ')}`]
      : [`no rpc of the service definitions is bound to ${request.method} ${request.path}`];
  }

  const violations = [];
  const message = {};
  const values = binding.regex.exec(request.path).slice(1);
  binding.names.forEach((name, index) => { message[name] = decodeURIComponent(values[index]); });

  let body = {};
  if (request.body.length > 0) {
    if (binding.body !== '*') {
      return [`${binding.rpc} takes no request body`];
    }
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch (error) {
      return [`the body is not JSON: ${error.message}`];
    }
  }
  const unbound = binding.verb === 'GET' ? Object.fromEntries(request.query) : body;
  for (const [key, value] of Object.entries(unbound)) {
    const field = fieldByJsonName(binding.request, key);
    if (!field) {
      violations.push(`${binding.request.name} has no field "${key}"`);
      continue;
    }
    const refusal = refusedWhenSet.exec((field.comment ?? '').replace(/\s+/g, ' '));
    if (refusal) {
      violations.push(`${binding.request.name}.${field.name} is refused when set (${refusal[1]})`);
    }
    message[field.name] = value;
  }

  for (const field of binding.request.fieldsArray) {
    if (field.options?.['(google.api.field_behavior)'] === 'REQUIRED' && message[field.name] === undefined) {
      violations.push(`${binding.request.name}.${field.name} is required`);
    }
  }

  const typeError = binding.request.verify(message);
  if (typeError) {
    violations.push(`${binding.request.name}: ${typeError}`);
  }
  return violations;
}

console.log(JSON.stringify({ rpcs: bindings.map((binding) => `${binding.verb} ${binding.regex.source}`) }));
startProxy(options, validate);
