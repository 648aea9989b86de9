// Validating proxy for the QuickBooks Online Accounting API, checked against Intuit's XML Schema
// (QuickBooks-V3-Java-SDK xsd: IntuitRestServiceDef.xsd and what it includes) by xmllint (libxml2).
// Usage: node quickbooks-xsd-proxy.mjs --port <n> --upstream <url> --specs <folder with the .xsd files>
//
// The schema describes the entities and the response envelope, in XML, but no URL: the check is of the names and
// values a request and an answer carry. The verdicts are xmllint's; this file only writes XML instance documents:
// - A request: the entity after FROM (or each of cdc's `entities`) becomes an entity element in a QueryResponse;
//   each WHERE condition `Path op 'value'` becomes the nested elements of its dotted path holding the value, so
//   xmllint checks that the path exists on the entity and the value is of its type (a dateTime, say);
//   ORDERBY and selected field paths are checked for existence only; STARTPOSITION and MAXRESULTS become the
//   QueryResponse's startPosition and maxResults; cdc's changedSince is held by MetaData/LastUpdatedTime, the
//   time it is compared with; companyinfo/{id} becomes a CompanyInfo with that Id.
// - An answer (JSON): every leaf value of every entity becomes a document of its own, holding only the path to
//   it. One path per document means the order of elements in the schema's sequences never matters (JSON has
//   none), and every wrong name or value is reported, not only the first of an entity.
// - Intuit's JSON carries as properties what its XML carries as attributes: `domain`, `sparse` and `status` of
//   an entity; `name` and `type` of a reference (whose `value` is the element's text); `startPosition`,
//   `maxResults`, `totalCount` of a QueryResponse and `time` of the response.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArguments, startProxy } from './lib/validating-proxy.mjs';

const options = parseArguments(process.argv.slice(2));
const schema = path.join(options.specs, 'IntuitRestServiceDef.xsd');
const namespace = 'http://schema.intuit.com/finance/v3';
const entityAttributes = new Set(['domain', 'sparse', 'status']);
const envelopeAttributes = new Set(['startPosition', 'maxResults', 'totalCount']);

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;');

const attributes = (pairs) => pairs.filter(([, value]) => value !== undefined && value !== null)
  .map(([name, value]) => ` ${name}="${escape(value)}"`).join('');

const element = (name, content = '', attrs = []) => `<${name}${attributes(attrs)}>${content}</${name}>`;

function response(body, attrs = []) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n`
    + `<IntuitResponse xmlns="${namespace}"${attributes(attrs)}>${body}</IntuitResponse>\n`;
}

// One document per instance, so a structural error in one cannot hide the others.
function validateDocuments(documents, label) {
  if (documents.length === 0) {
    return [];
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'qb-xsd-'));
  try {
    const files = documents.map((document, index) => {
      const file = path.join(folder, `${index}.xml`);
      fs.writeFileSync(file, document.xml);
      return file;
    });
    const run = spawnSync('xmllint', ['--noout', '--schema', schema, ...files], { encoding: 'utf8' });
    if (run.error) {
      return [`xmllint could not run: ${run.error.message}`];
    }
    const violations = [];
    for (const line of run.stderr.split('\n')) {
      const match = /^(.*?\/(\d+)\.xml):\d+: (.*)$/.exec(line);
      if (!match || !/error/i.test(match[3])) {
        continue;
      }
      const document = documents[Number(match[2])];
      // A path checked for existence only has no value: a complaint about its (empty) value is no violation.
      if (document.existenceOnly && !/not expected|No matching global|not allowed/i.test(match[3])) {
        continue;
      }
      violations.push(`${label}: ${document.what}: ${match[3].replace(/\{[^}]*\}/g, '')}`);
    }
    if (run.status !== 0 && violations.length === 0 && !documents.some((document) => document.existenceOnly)) {
      violations.push(`${label}: xmllint failed (${run.status}): ${run.stderr.trim().slice(0, 300)}`);
    }
    return violations;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/* ---------- Requests ---------- */

function nested(dotted, value) {
  return dotted.split('.').reduceRight((inner, name) => element(name, inner), value === null ? '' : escape(value));
}

function entityDocument(entity, content, what, extra = {}) {
  const queryAttributes = [['startPosition', extra.startPosition], ['maxResults', extra.maxResults]];
  return {
    what,
    existenceOnly: extra.existenceOnly ?? false,
    xml: response(element('QueryResponse', element(entity, content), queryAttributes)),
  };
}

const statementPattern = new RegExp([
  String.raw`^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)`,
  String.raw`(?:\s+WHERE\s+(.+?))?`,
  String.raw`(?:\s+ORDERBY\s+([\w.]+)(?:\s+(?:ASC|DESC))?)?`,
  String.raw`(?:\s+STARTPOSITION\s+(\S+))?(?:\s+MAXRESULTS\s+(\S+))?\s*$`,
].join(''), 'i');

const literal = (text) => (text.startsWith("'") ? text.slice(1, -1).replace(/''/g, "'") : text);

function parseQuery(statement) {
  const match = statementPattern.exec(statement);
  if (!match) {
    return null;
  }
  const [, selected, entity, where, orderBy, startPosition, maxResults] = match;
  const conditions = [];
  for (const condition of (where ?? '').split(/\s+AND\s+/i).filter(Boolean)) {
    const parts = /^([\w.]+)\s*(<=|>=|!=|=|<|>|\bIN\b|\bLIKE\b)\s*(.+)$/i.exec(condition.trim());
    if (!parts) {
      return null;
    }
    const [, field, operator, operand] = parts;
    const values = /^IN$/i.test(operator)
      ? operand.replace(/^\(|\)$/g, '').split(',').map((item) => literal(item.trim()))
      : [/^LIKE$/i.test(operator) ? null : literal(operand.trim())];
    conditions.push({ field, values });
  }
  const fields = /^(\*|COUNT\(\*\))$/i.test(selected.trim()) ? [] : selected.split(',').map((f) => f.trim());
  return { entity, conditions, orderBy, fields, startPosition, maxResults };
}

function requestDocuments(request) {
  const match = /^\/v3\/company\/([^/]+)\/(query|cdc|companyinfo)(?:\/([^/]+))?$/.exec(request.path);
  if (!match || request.method !== 'GET') {
    return { refusal: `${request.method} ${request.path} is not a query, cdc or companyinfo read` };
  }
  const [, , kind, id] = match;
  if (kind === 'companyinfo') {
    return { documents: [{ what: 'companyinfo', xml: response(element('CompanyInfo', element('Id', escape(id)))) }] };
  }
  if (kind === 'cdc') {
    const entities = (request.query.get('entities') ?? '').split(',').filter(Boolean);
    const since = request.query.get('changedSince');
    if (entities.length === 0 || !since) {
      return { refusal: 'cdc needs entities and changedSince' };
    }
    return {
      documents: entities.map((entity) => ({
        what: `cdc ${entity} changedSince`,
        xml: response(element('CDCResponse', element('QueryResponse', element(entity,
          nested('MetaData.LastUpdatedTime', since))))),
      })),
    };
  }
  const statement = request.query.get('query');
  const query = statement ? parseQuery(statement) : null;
  if (!query) {
    return { refusal: `the query is not a SELECT … FROM Entity [WHERE …] [ORDERBY …] [STARTPOSITION n] `
      + `[MAXRESULTS n] statement: ${statement}` };
  }
  const paging = { startPosition: query.startPosition, maxResults: query.maxResults };
  const documents = [entityDocument(query.entity, '', `FROM ${query.entity}`, paging)];
  for (const { field, values } of query.conditions) {
    for (const value of values) {
      documents.push(entityDocument(query.entity, nested(field, value), `WHERE ${field}`,
        { existenceOnly: value === null }));
    }
  }
  for (const field of [...query.fields, ...(query.orderBy ? [query.orderBy] : [])]) {
    documents.push(entityDocument(query.entity, nested(field, null), field, { existenceOnly: true }));
  }
  return { documents };
}

function validate(request) {
  const { refusal, documents } = requestDocuments(request);
  return refusal ? [refusal] : validateDocuments(documents, 'request');
}

/* ---------- Answers ---------- */

// Each leaf under an entity: [{ path: [{name, attrs}], text }].
function leaves(value, trail, found, isEntity) {
  if (value === null || value === undefined) {
    return found;
  }
  if (Array.isArray(value)) {
    value.forEach((item) => leaves(item, trail, found, isEntity));
    return found;
  }
  if (typeof value !== 'object') {
    found.push({ trail, text: String(value) });
    return found;
  }
  const here = trail[trail.length - 1];
  const reference = !isEntity && Object.hasOwn(value, 'value');
  for (const [name, child] of Object.entries(value)) {
    if ((isEntity && entityAttributes.has(name)) || (reference && name !== 'value')) {
      if (child !== null && typeof child !== 'object') {
        here.attrs.push([name, child]);
      }
    }
  }
  if (reference) {
    found.push({ trail, text: value.value === null ? '' : String(value.value) });
    return found;
  }
  let any = false;
  for (const [name, child] of Object.entries(value)) {
    if (isEntity && entityAttributes.has(name)) {
      continue;
    }
    any = true;
    leaves(child, [...trail.map((step) => ({ ...step, attrs: [...step.attrs] })), { name, attrs: [] }], found,
      false);
  }
  if (!any) {
    found.push({ trail, text: null });
  }
  return found;
}

function leafXml(trail, text) {
  return trail.reduceRight((inner, step) => element(step.name, inner, step.attrs),
    text === null ? '' : escape(text));
}

function entityLeaves(entity, objects, wrap, label) {
  const documents = new Map();
  for (const object of [objects].flat()) {
    const root = { name: entity, attrs: [] };
    for (const leaf of leaves(object, [root], [], true)) {
      const xml = response(wrap(leafXml(leaf.trail, leaf.text)));
      if (!documents.has(xml)) {
        documents.set(xml, { what: `${label}${leaf.trail.map((step) => step.name).join('/')}`, xml });
      }
    }
  }
  return [...documents.values()];
}

function queryResponseDocuments(queryResponse, wrap, label) {
  const envelope = Object.entries(queryResponse).filter(([name]) => envelopeAttributes.has(name));
  const documents = [{ what: `${label}QueryResponse`, xml: response(wrap(element('QueryResponse', '', envelope))) }];
  for (const [entity, objects] of Object.entries(queryResponse)) {
    if (!envelopeAttributes.has(entity)) {
      documents.push(...entityLeaves(entity, objects,
        (inner) => wrap(element('QueryResponse', inner, envelope)), `${label}QueryResponse/`));
    }
  }
  return documents;
}

function answerDocuments(body) {
  const time = [['time', body.time]];
  const documents = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === 'time') {
      continue;
    }
    if (name === 'QueryResponse') {
      documents.push(...queryResponseDocuments(value, (inner) => inner, ''));
    } else if (name === 'CDCResponse') {
      for (const cdc of [value].flat()) {
        for (const queryResponse of [cdc.QueryResponse].flat().filter(Boolean)) {
          documents.push(...queryResponseDocuments(queryResponse, (inner) => element('CDCResponse', inner),
            'CDCResponse/'));
        }
      }
    } else {
      documents.push(...entityLeaves(name, value, (inner) => inner, ''));
    }
  }
  return documents.map((document) => ({
    ...document,
    xml: document.xml.replace(`<IntuitResponse xmlns="${namespace}">`,
      `<IntuitResponse xmlns="${namespace}"${attributes(time)}>`),
  }));
}

function checkAnswer(request, status, payload) {
  if (status !== 200) {
    return [];
  }
  let body;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return [`answer: not JSON: ${error.message}`];
  }
  return validateDocuments(answerDocuments(body), 'answer');
}

startProxy(options, validate, checkAnswer);
