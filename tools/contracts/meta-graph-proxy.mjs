// Validating proxy for the Meta Graph/Marketing API, driven by Meta's node descriptions
// (facebook-business-sdk-codegen api_specs: each node's `fields` and `apis` with their params).
// Usage: node meta-graph-proxy.mjs --port <n> --upstream <url> --specs <folder with the node .json files>
//
// The check itself is Ajv's: this file turns a node description into a JSON Schema and a request's query or
// form parameters into a JSON object, and Ajv validates one against the other.
// - Graph ids carry no type, so the node is told from the id: act_<digits> → AdAccount, me → User, any other
//   id → AdReportRun (the only other node the product reads).
// - Each param of the matching api becomes a property of its declared type (bool, int, string, map, Object,
//   list<…>); enum params are strings, since the enum values are not among the copied files. On a GET, a
//   `fields` value must name fields of the api's return node (a POST's return node is a job, not the report).
// - Graph-wide parameters that no node description lists are allowed on every call: access_token,
//   appsecret_proof, fields (on node reads), and the cursor paging parameters limit, after and before.
// - Any other parameter is refused (additionalProperties: false), as are a node or edge the descriptions lack.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArguments, startProxy } from './lib/validating-proxy.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');

const options = parseArguments(process.argv.slice(2));
const nodes = new Map(fs.readdirSync(options.specs)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [path.basename(file, '.json'), JSON.parse(fs.readFileSync(path.join(options.specs, file), 'utf8'))]));
const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: false });

const scalar = { bool: 'boolean', int: 'integer', 'unsigned int': 'integer', float: 'number', string: 'string' };

function schemaOf(type) {
  const list = /^list<(.+)>$/.exec(type);
  if (list) {
    return { type: 'array', items: schemaOf(list[1]) };
  }
  if (type === 'map' || type === 'Object') {
    return { type: 'object' };
  }
  return { type: scalar[type] ?? 'string' };
}

function fieldNames(node) {
  return nodes.get(node)?.fields.map((field) => field.name);
}

function requestSchema(api) {
  const properties = {
    access_token: { type: 'string' },
    appsecret_proof: { type: 'string' },
    limit: { type: 'integer', minimum: 1 },
    after: { type: 'string' },
    before: { type: 'string' },
    fields: { type: 'array', items: { type: 'string' } },
  };
  for (const param of api.params) {
    properties[param.name] = schemaOf(param.type);
  }
  const returned = fieldNames(api.return);
  if (returned && api.method === 'GET') {
    properties.fields = { type: 'array', items: { enum: returned } };
  }
  const required = api.params.filter((param) => param.required).map((param) => param.name);
  return { type: 'object', properties, required, additionalProperties: false };
}

const validators = new Map();
function validatorFor(node, api) {
  const key = `${node} ${api.method} ${api.endpoint ?? api.name}`;
  if (!validators.has(key)) {
    validators.set(key, { schema: requestSchema(api), check: ajv.compile(requestSchema(api)) });
  }
  return validators.get(key);
}

function nodeOf(id) {
  if (/^act_\d+$/.test(id)) {
    return 'AdAccount';
  }
  return id === 'me' ? 'User' : 'AdReportRun';
}

// Graph takes a list as JSON or comma separated, and a map as JSON.
function decode(value, schema) {
  const text = value.trim();
  if (schema?.type === 'array') {
    return text.startsWith('[') ? JSON.parse(text) : text.split(',').map((item) => item.trim());
  }
  if (schema?.type === 'object') {
    return JSON.parse(text);
  }
  return value;
}

function validate(request) {
  const match = /^\/v\d+\.\d+\/([^/]+)(?:\/([^/]+))?$/.exec(request.path);
  if (!match) {
    return [`${request.path} is not a versioned Graph node or edge`];
  }
  const [, id, edge] = match;
  const node = nodeOf(decodeURIComponent(id));
  const api = nodes.get(node)?.apis.find((candidate) => candidate.method === request.method
    && (edge ? candidate.endpoint === edge : candidate.name === '#get'));
  if (!api) {
    return [`${node} has no ${request.method} ${edge ?? 'node read'} in the node descriptions`];
  }

  const parameters = new URLSearchParams(request.query);
  if (request.method === 'POST' && request.body.length > 0) {
    for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) {
      parameters.append(name, value);
    }
  }
  const { schema, check } = validatorFor(node, api);
  const data = {};
  try {
    for (const [name, value] of parameters) {
      data[name] = decode(value, schema.properties[name]);
    }
  } catch (error) {
    return [`a parameter is not valid JSON: ${error.message}`];
  }
  if (check(data)) {
    return [];
  }
  return check.errors.map((error) => `${node} ${request.method} ${edge ?? 'node read'}: `
    + `${error.instancePath || '(parameters)'} ${error.message}`
    + (error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : ''));
}

startProxy(options, validate);
