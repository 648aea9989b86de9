'use strict';

const PLATFORMS = [
  { type: 'google_ads', name: 'Google Ads', auth: 'oauth' },
  { type: 'google_analytics', name: 'Google Analytics', auth: 'oauth' },
  { type: 'hubspot', name: 'HubSpot', auth: 'oauth' },
  { type: 'stripe', name: 'Stripe', auth: 'apiKey' },
  { type: 'meta_ads', name: 'Meta Ads', auth: 'oauth' },
  { type: 'linkedin_ads', name: 'LinkedIn Ads', auth: 'oauth' },
  { type: 'quickbooks', name: 'QuickBooks', auth: 'oauth' },
];

const STATUS_TEXT = {
  connected: 'Connected',
  syncing: 'Syncing',
  reauth_required: 'Reconnect required',
  error: 'Error',
  pending: 'Not connected',
  none: 'Not connected',
};

const CALLBACK_ERRORS = {
  access_denied: (name) => `You declined access on ${name}, so it was not connected. `
    + `To connect it, choose Connect ${name} again and allow access.`,
  server_error: (name) => `${name} had a problem while you were connecting. Please try again in a moment.`,
  temporarily_unavailable: (name) => `${name} is busy right now. Please try connecting again in a moment.`,
  invalid_scope: (name) => `${name} refused the permissions Connectors asks for. Ask your operator to check `
    + 'the platform settings.',
  unauthorized_client: (name) => `${name} does not accept this installation of Connectors. Ask your operator `
    + 'to check its client settings.',
  connection_failed: (name) => `${name} accepted, but finishing the connection failed. Please try again.`,
};

const FAILURES = {
  auth: (name) => `${name} no longer accepts the saved access. Reconnect ${name} to sync again.`,
  quota: (name) => `${name}'s API limit is used up for now. The next sync carries on once it resets.`,
  transient: (name) => `${name} could not be reached or had a passing problem. Try again in a few minutes.`,
  configuration: (name) => `${name} needs a setting changed before it can sync.`,
  bug: (name) => `Something went wrong on our side while syncing ${name}. Trying again will not help; `
    + 'please tell your operator.',
};

const RUN_STATES = {
  queued: 'Waiting to start',
  running: 'Running',
  succeeded: 'Succeeded',
  partially_failed: 'Partly failed',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

const CSRF = { 'X-Requested-With': 'connectors' };
const POLL_MS = 1000;
const IDLE_REFRESH_MS = 15000;
const SETTLE_TICKS = 6;
const numbers = new Intl.NumberFormat('en-US');

const state = {
  connectors: new Map(),
  runs: [],
  watched: new Map(),
  progress: new Map(),
  cards: new Map(),
  settle: 0,
  timer: null,
};

function platformOf(type) {
  return PLATFORMS.find((p) => p.type === type);
}

function nameOf(type) {
  const platform = platformOf(type);
  return platform ? platform.name : type;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.entries(props).forEach(([key, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  });
  children.forEach((child) => node.append(child));
  return node;
}

function say(message, kind = 'success') {
  const polite = document.getElementById('message');
  const alert = document.getElementById('alert');
  const target = kind === 'error' ? alert : polite;
  (kind === 'error' ? polite : alert).replaceChildren();
  target.replaceChildren(el('p', { class: `banner banner-${kind}`, text: message }));
}

function formatTime(value) {
  if (!value) return 'Never';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function timeElement(value) {
  if (!value) return document.createTextNode('Never');
  return el('time', { datetime: value, text: formatTime(value) });
}

function formatDuration(from, to) {
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}

function streamLabel(stream) {
  return stream.replace(/_/g, ' ');
}

function totalOf(records) {
  return Object.values(records || {}).reduce((sum, count) => sum + count, 0);
}

function recordWord(count) {
  return `${numbers.format(count)} ${count === 1 ? 'record' : 'records'}`;
}

async function problemText(response) {
  try {
    const problem = await response.json();
    if (problem.errors) {
      const first = Object.values(problem.errors).flat()[0];
      if (first) return first;
    }
    return problem.detail || problem.title || `The request failed (${response.status}).`;
  } catch {
    return `The request failed (${response.status}).`;
  }
}

function goToSignIn() {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/dashboard/login?returnUrl=${encodeURIComponent(here)}`);
}

async function api(method, url, body) {
  const options = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET') Object.assign(options.headers, CSRF);
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  if (response.status === 401) {
    goToSignIn();
    throw new Error('Your session ended. Please sign in again.');
  }
  return response;
}

/* ---------- Sync runs and their progress ---------- */

function isActive(runOrState) {
  const value = typeof runOrState === 'string' ? runOrState : runOrState.status;
  return value === 'queued' || value === 'running';
}

function lastFinishedRun(type) {
  for (const run of state.runs) {
    const part = run.connectors.find((c) => c.type === type);
    if (part && !isActive(part.state)) return part;
  }
  return null;
}

function noteRun(run) {
  run.connectors.forEach((part) => {
    const known = state.progress.get(part.type);
    if (!known || known.syncId === run.syncId || run.requestedAt >= known.requestedAt) {
      state.progress.set(part.type, { ...part, syncId: run.syncId, requestedAt: run.requestedAt });
    }
  });
  if (isActive(run)) state.watched.set(run.syncId, run);
  else state.watched.delete(run.syncId);
}

function watch(syncId) {
  if (!state.watched.has(syncId)) state.watched.set(syncId, null);
  schedule(0);
}

async function startSync(types) {
  const body = types ? { connectors: types } : undefined;
  const response = await api('POST', '/api/sync/run', body);
  if (!response.ok) {
    say(await problemText(response), 'error');
    return;
  }
  const started = await response.json();
  const names = (started.connectors || []).map(nameOf);
  say(`Sync started for ${names.join(', ')}. Progress shows on each platform below.`, 'success');
  started.connectors.forEach((type) => {
    state.progress.set(type, {
      type, state: 'queued', records: {}, syncId: started.syncId, requestedAt: new Date().toISOString(),
    });
  });
  watch(started.syncId);
  renderCards();
}

async function pollRuns() {
  const ids = [...state.watched.keys()];
  let finished = false;
  await Promise.all(ids.map(async (syncId) => {
    const response = await api('GET', `/api/sync/${encodeURIComponent(syncId)}`);
    if (response.status === 404) {
      state.watched.delete(syncId);
      return;
    }
    if (!response.ok) return;
    const run = await response.json();
    noteRun(run);
    if (!isActive(run)) finished = true;
  }));
  if (finished) {
    state.settle = SETTLE_TICKS;
    await Promise.all([loadConnectors(), loadHistory()]);
    announceFinished();
  }
}

function announceFinished() {
  if (state.watched.size > 0) return;
  const failed = [...state.progress.values()].filter((p) => p.state === 'failed' || p.state === 'skipped');
  if (failed.length === 0) say('Sync finished.', 'success');
  else say(`Sync finished with problems: ${failed.map((p) => nameOf(p.type)).join(', ')}.`, 'error');
}

/* ---------- Cards ---------- */

function statusOf(platform) {
  const connector = state.connectors.get(platform.type);
  if (!connector) return 'none';
  const progress = state.progress.get(platform.type);
  if (connector.status === 'connected' && progress && isActive(progress.state)) return 'syncing';
  return connector.status;
}

function countsList(records, label) {
  const entries = Object.entries(records || {});
  if (entries.length === 0) return null;
  return el('ul', { class: 'counts', 'aria-label': label }, entries.map(([stream, count]) => el('li', {}, [
    el('span', { class: 'count-stream', text: streamLabel(stream) }),
    text(' '),
    el('span', { class: 'count-value', text: numbers.format(count) }),
  ])));
}

function details(platform) {
  const connector = state.connectors.get(platform.type);
  const last = lastFinishedRun(platform.type);
  const list = el('dl', { class: 'facts' });
  const add = (term, value) => list.append(el('dt', { text: term }), el('dd', {}, [value]));
  add('Account', document.createTextNode(connector && connector.accountName ? connector.accountName : '—'));
  add('Connected since', connector && connector.connectedAt ? timeElement(connector.connectedAt) : text('—'));
  add('Last sync', timeElement(connector && connector.lastSync));
  if (last && last.state === 'succeeded') {
    add('Last sync records', text(recordWord(totalOf(last.records))));
    const shownBelow = state.progress.has(platform.type);
    const counts = shownBelow ? null : countsList(last.records, `${platform.name}: records in the last sync`);
    if (counts) list.append(el('dd', { class: 'wide' }, [counts]));
  }
  if (connector && connector.statusReason && connector.status !== 'connected') {
    add('Reason', text(connector.statusReason));
  }
  if (connector && connector.tokenExpiresAt && connector.status === 'connected') {
    add('Access until', timeElement(connector.tokenExpiresAt));
  }
  return list;
}

/* A connected platform whose access ends soon and that only the user can renew (Meta). */
function expiryWarning(platform) {
  const connector = state.connectors.get(platform.type);
  if (!connector || connector.status !== 'connected' || !connector.warning) return [];
  return [el('p', { class: 'warning', role: 'note', text: connector.warning })];
}

function text(value) {
  return document.createTextNode(value);
}

function failureText(platform, part) {
  const explain = part.error && FAILURES[part.error.class];
  const plain = explain ? explain(platform.name) : `The sync of ${platform.name} did not finish.`;
  const connector = state.connectors.get(platform.type);
  const message = part.error && part.error.message;
  const shownAbove = connector && connector.status !== 'connected' && connector.statusReason === message;
  return message && !shownAbove ? `${plain} Details: ${message}` : plain;
}

function progressContent(platform) {
  const part = state.progress.get(platform.type);
  if (!part) return [];
  const total = totalOf(part.records);
  switch (part.state) {
    case 'queued':
      return [el('p', {
        text: part.waitingReason
          ? `Sync waiting. ${part.waitingReason}`
          : 'Sync queued: waiting for the worker to start.',
      })];
    case 'running': {
      const reading = part.currentStream ? `, now reading ${streamLabel(part.currentStream)}` : '';
      const lines = [el('p', { text: `Syncing: ${recordWord(total)} so far${reading}.` })];
      const counts = countsList(part.records, `${platform.name}: records so far`);
      if (counts) lines.push(counts);
      return lines;
    }
    case 'succeeded': {
      const lines = [el('p', { class: 'done', text: `Sync done: ${recordWord(total)}.` })];
      const counts = countsList(part.records, `${platform.name}: records synced`);
      if (counts) lines.push(counts);
      return lines;
    }
    case 'skipped':
      return [el('p', { class: 'failed', text: `Sync skipped. ${failureText(platform, part)}` })];
    case 'cancelled':
      return [el('p', { text: 'Sync cancelled: the connector was disconnected.' })];
    default:
      return [el('p', { class: 'failed', text: `Sync failed. ${failureText(platform, part)}` })];
  }
}

function syncButton(platform, syncing) {
  const button = el('button', {
    type: 'button', 'data-action': 'sync', disabled: syncing, text: syncing ? 'Syncing…' : 'Sync now',
    'aria-label': syncing ? `${platform.name} is syncing` : `Sync ${platform.name} now`,
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await startSync([platform.type]);
    } catch (e) {
      say(e.message, 'error');
      button.disabled = false;
    }
  });
  return button;
}

function connectLink(platform, label) {
  return el('a', {
    class: 'button', href: `/api/connectors/${platform.type}/auth`, 'data-action': 'connect', text: label,
  });
}

function stripeForm(platform, label) {
  const inputId = `${platform.type}-key`;
  const hintId = `${platform.type}-key-hint`;
  const errorId = `${platform.type}-key-error`;
  const input = el('input', {
    id: inputId, name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': hintId,
  });
  const error = el('p', { id: errorId, class: 'field-error', 'aria-live': 'assertive' });
  const button = el('button', { type: 'submit', 'data-action': 'connect', text: label });
  const form = el('form', { class: 'stack key-form', novalidate: true }, [
    el('label', { for: inputId, text: `${platform.name} secret key` }),
    input,
    el('p', { id: hintId, class: 'hint', text: 'A restricted or secret key (rk_… or sk_…). It is checked before '
      + 'it is saved, and stored encrypted.' }),
    error,
    button,
  ]);

  function fail(message) {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${errorId} ${hintId}`);
    input.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', hintId);
    const key = input.value.trim();
    if (!key) {
      fail('Enter the API key.');
      return;
    }
    button.disabled = true;
    button.textContent = 'Checking the key…';
    try {
      const response = await api('POST', '/api/connectors', { type: platform.type, credentials: { apiKey: key } });
      if (!response.ok) {
        fail(await problemText(response));
        return;
      }
      say(`${platform.name} is connected.`, 'success');
      await loadConnectors();
      focusCard(platform.type);
    } catch (e) {
      fail(e.message);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
  return form;
}

function disconnectButton(platform) {
  const button = el('button', {
    type: 'button', class: 'danger', 'data-action': 'disconnect', text: 'Disconnect',
    'aria-label': `Disconnect ${platform.name}`,
  });
  button.addEventListener('click', () => confirmDisconnect(platform, button));
  return button;
}

function confirmDisconnect(platform, opener) {
  const dialog = document.getElementById('disconnect-dialog');
  document.getElementById('disconnect-title').textContent = `Disconnect ${platform.name}?`;
  document.getElementById('disconnect-text').textContent = `Connectors revokes its access at ${platform.name} `
    + `and deletes the stored credentials. ${platform.name} stops syncing; data already synced stays in your `
    + 'project. You can connect it again later.';
  document.getElementById('disconnect-confirm').textContent = `Disconnect ${platform.name}`;
  dialog.returnValue = '';
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'confirm') {
      opener.focus();
      return;
    }
    await disconnect(platform);
  }, { once: true });
  dialog.showModal();
}

async function disconnect(platform) {
  try {
    const response = await api('DELETE', `/api/connectors?type=${encodeURIComponent(platform.type)}`);
    if (!response.ok) {
      say(await problemText(response), 'error');
      return;
    }
    const result = await response.json();
    const reason = result.revocationError ? ` (${result.revocationError})` : '';
    const note = result.revoked
      ? ' Its access was revoked and the credentials deleted.'
      : ` The credentials were deleted, but ${platform.name} did not confirm the revocation${reason}.`;
    say(`${platform.name} is disconnected.${note}`, 'success');
    state.progress.delete(platform.type);
    await loadConnectors();
  } catch (e) {
    say(e.message, 'error');
  }
  focusCard(platform.type);
}

function actionsFor(platform, status, warned) {
  const actions = [];
  const isKey = platform.auth === 'apiKey';
  if (status === 'none' || status === 'pending') {
    actions.push(isKey ? stripeForm(platform, `Connect ${platform.name}`)
      : connectLink(platform, `Connect ${platform.name}`));
  }
  if (status === 'reauth_required' || status === 'error') {
    actions.push(isKey ? stripeForm(platform, `Reconnect ${platform.name}`)
      : connectLink(platform, `Reconnect ${platform.name}`));
  }
  if (status === 'connected' || status === 'syncing') actions.push(syncButton(platform, status === 'syncing'));
  if (status === 'connected' && warned && !isKey) actions.push(connectLink(platform, `Reconnect ${platform.name}`));
  if (status !== 'none') actions.push(disconnectButton(platform));
  return actions;
}

function createCard(platform) {
  const headingId = `${platform.type}-title`;
  const card = {
    status: null,
    heading: el('h3', { id: headingId, tabindex: '-1', text: platform.name }),
    badge: el('p', { class: 'status' }),
    facts: el('div'),
    progress: el('div', {
      class: 'progress', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true',
      'aria-label': `${platform.name} sync progress`,
    }),
    actions: el('div', { class: 'card-actions' }),
  };
  card.warning = el('div', { class: 'card-warning' });
  card.item = el('li', { class: 'card', id: `card-${platform.type}`, 'aria-labelledby': headingId }, [
    el('div', { class: 'card-head' }, [card.heading, card.badge]),
    card.warning, card.facts, card.progress, card.actions,
  ]);
  return card;
}

function sameContent(node, children) {
  const probe = el('div', {}, children);
  return node.innerHTML === probe.innerHTML;
}

function updateCard(platform, card) {
  const status = statusOf(platform);
  card.item.dataset.status = status;
  card.badge.className = `status status-${status}`;
  card.badge.textContent = STATUS_TEXT[status] || status;
  card.facts.replaceChildren(details(platform));
  const warning = expiryWarning(platform);
  if (!sameContent(card.warning, warning)) card.warning.replaceChildren(...warning);
  const progress = progressContent(platform);
  if (!sameContent(card.progress, progress)) card.progress.replaceChildren(...progress);
  const part = state.progress.get(platform.type);
  card.progress.className = `progress progress-${part ? part.state : 'none'}`;
  const actionsKey = `${status}${warning.length > 0 ? ':warned' : ''}`;
  if (card.status === actionsKey) return;
  const hadFocus = card.actions.contains(document.activeElement)
    ? document.activeElement.dataset.action : null;
  card.status = actionsKey;
  card.actions.replaceChildren(...actionsFor(platform, status, warning.length > 0));
  if (hadFocus) {
    const again = card.actions.querySelector(`[data-action="${hadFocus}"]:not([disabled])`);
    (again || card.heading).focus();
  }
}

function renderCards() {
  const list = document.getElementById('connectors');
  PLATFORMS.forEach((platform) => {
    if (!state.cards.has(platform.type)) {
      const card = createCard(platform);
      state.cards.set(platform.type, card);
      list.append(card.item);
    }
    updateCard(platform, state.cards.get(platform.type));
  });
  const idle = [...state.connectors.values()].filter((c) => c.status === 'connected'
    && !isActive((state.progress.get(c.type) || {}).state || ''));
  document.getElementById('sync-all').disabled = idle.length === 0;
}

function focusCard(type) {
  const card = state.cards.get(type);
  if (!card) return;
  const target = card.actions.querySelector('[data-action]:not([disabled])') || card.heading;
  target.focus();
}

/* ---------- History ---------- */

function historyRow(run) {
  const end = run.finishedAt || (isActive(run) ? new Date().toISOString() : null);
  const parts = el('ul', { class: 'run-parts' }, run.connectors.map((part) => {
    const outcome = part.state === 'succeeded' || isActive(part.state)
      ? recordWord(totalOf(part.records))
      : (RUN_STATES[part.state] || part.state).toLowerCase();
    return el('li', { text: `${nameOf(part.type)}: ${outcome}` });
  }));
  const cell = (label, children, cls) => el('td', { 'data-label': label, class: cls }, children);
  return el('tr', {}, [
    cell('Started', [timeElement(run.requestedAt)]),
    cell('Trigger', [text(run.trigger === 'scheduled' ? 'Scheduled' : 'Manual')]),
    cell('State', [el('span', { class: `run-state run-${run.status}`, text: RUN_STATES[run.status] || run.status })]),
    cell('Duration', [text(end ? formatDuration(run.requestedAt, end) : '—')]),
    cell('Records per platform', [parts]),
  ]);
}

function renderHistory() {
  const body = document.querySelector('#history tbody');
  body.replaceChildren(...state.runs.map(historyRow));
  document.getElementById('history-empty').hidden = state.runs.length > 0;
  document.querySelector('.table-wrap').hidden = state.runs.length === 0;
}

/* ---------- Loading ---------- */

async function loadConnectors() {
  const loading = document.getElementById('loading');
  const response = await api('GET', '/api/connectors');
  if (!response.ok) {
    loading.hidden = false;
    loading.textContent = await problemText(response);
    return;
  }
  const connectors = await response.json();
  state.connectors = new Map(connectors.map((c) => [c.type, c]));
  loading.hidden = true;
  renderCards();
}

async function loadHistory() {
  const response = await api('GET', '/api/sync?limit=10');
  if (!response.ok) return;
  state.runs = await response.json();
  [...state.runs].reverse().forEach((run) => {
    if (isActive(run) && !state.watched.has(run.syncId)) noteRun(run);
  });
  renderHistory();
  renderCards();
}

function schedule(delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(tick, delay);
}

async function tick() {
  try {
    if (state.watched.size > 0) {
      await pollRuns();
      renderCards();
      if (state.watched.size > 0) await loadHistory();
    } else if (state.settle > 0) {
      state.settle -= 1;
      await loadConnectors();
    } else {
      await Promise.all([loadConnectors(), loadHistory()]);
    }
  } catch (e) {
    say(e.message, 'error');
  } finally {
    const busy = state.watched.size > 0 || state.settle > 0;
    schedule(busy ? POLL_MS : IDLE_REFRESH_MS);
  }
}

function showRedirectOutcome() {
  const params = new URLSearchParams(window.location.search);
  const connected = params.get('connected');
  const error = params.get('error');
  if (!connected && !error) return null;
  if (connected) {
    say(`${nameOf(connected)} is connected. You can sync it now.`, 'success');
  } else {
    const name = nameOf(params.get('type') || 'the platform');
    const explain = CALLBACK_ERRORS[error];
    say(explain ? explain(name) : `Connecting ${name} did not work (${error}). Please try again.`, 'error');
  }
  window.history.replaceState(null, '', window.location.pathname);
  return connected || params.get('type');
}

async function signOut() {
  try {
    await fetch('/dashboard/logout', { method: 'POST', credentials: 'same-origin', headers: CSRF });
  } finally {
    window.location.assign('/dashboard/login');
  }
}

async function start() {
  document.getElementById('sync-all').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await startSync();
    } catch (e) {
      say(e.message, 'error');
    } finally {
      renderCards();
    }
  });
  document.getElementById('sign-out').addEventListener('click', signOut);
  const returnedTo = showRedirectOutcome();
  try {
    await Promise.all([loadConnectors(), loadHistory()]);
    if (returnedTo) focusCard(returnedTo);
  } catch (e) {
    document.getElementById('loading').textContent = e.message;
  }
  schedule(state.watched.size > 0 ? 0 : IDLE_REFRESH_MS);
}

document.addEventListener('DOMContentLoaded', start);
