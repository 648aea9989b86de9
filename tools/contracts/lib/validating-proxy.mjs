// A forwarding HTTP proxy on 127.0.0.1 that asks a validator about each request first. A request with
// violations is answered 422 with them and never reaches the upstream; every request is logged as one JSON line:
// {"method","path","violations":[…],"forwarded":bool,"status":n}. An optional answer check adds what it finds in
// the upstream's answer to the violations; the answer is relayed all the same.
import http from 'node:http';

export function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    options[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  for (const required of ['port', 'upstream', 'specs']) {
    if (!options[required]) {
      console.error(`missing --${required}`);
      process.exit(2);
    }
  }
  return options;
}

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * @param {{port: string, upstream: string}} options
 * @param {(request: {method: string, path: string, query: URLSearchParams, headers: object, body: Buffer})
 *   => string[]} validate the violations of one request (empty when it follows the description)
 * @param {(request: object, status: number, payload: Buffer) => string[]} [checkAnswer] the violations of the
 *   upstream's answer to a forwarded request
 */
export function startProxy(options, validate, checkAnswer) {
  const upstream = options.upstream.replace(/\/$/, '');
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://proxy.invalid');
    const body = await readBody(request);
    const entry = { method: request.method, path: url.pathname, violations: [], forwarded: false, status: 0 };
    const seen = {
      method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers, body,
    };
    try {
      entry.violations = validate(seen);
    } catch (error) {
      entry.violations = [`validator failed: ${error.message}`];
    }

    if (entry.violations.length > 0) {
      entry.status = 422;
      response.writeHead(422, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ title: 'Request violates the API description', violations: entry.violations }));
      console.log(JSON.stringify(entry));
      return;
    }

    try {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !hopByHop.has(name.toLowerCase())));
      const answer = await fetch(upstream + request.url, {
        method: request.method,
        headers,
        body: body.length > 0 ? body : undefined,
        redirect: 'manual',
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      const outgoing = {};
      answer.headers.forEach((value, name) => {
        if (!hopByHop.has(name) && name !== 'content-encoding') {
          outgoing[name] = value;
        }
      });
      entry.forwarded = true;
      entry.status = answer.status;
      if (checkAnswer) {
        try {
          entry.violations = checkAnswer(seen, answer.status, payload);
        } catch (error) {
          entry.violations = [`answer check failed: ${error.message}`];
        }
      }
      response.writeHead(answer.status, outgoing);
      response.end(payload);
    } catch (error) {
      entry.status = 502;
      entry.violations = [];
      entry.error = error.message;
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`upstream failed: ${error.message}`);
    }
    console.log(JSON.stringify(entry));
  });
  server.listen(Number(options.port), '127.0.0.1', () => {
    console.log(JSON.stringify({ listening: `http://127.0.0.1:${options.port}`, upstream }));
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
  return server;
}
