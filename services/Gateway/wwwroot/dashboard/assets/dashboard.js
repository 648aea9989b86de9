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
  pending: 'Waiting for authorization',
  reauth_required: 'Needs reconnecting',
  error: 'Error',
  none: 'Not connected',
};

const ERROR_TEXT = {
  access_denied: (name) => `You declined access on ${name}.`,
  invalid_state: () => 'The sign-in link expired or was already used. Please try connecting again.',
  expired_state: () => 'The sign-in link expired. Please try connecting again.',
  server_error: (name) => `${name} had a problem. Please try again in a moment.`,
  temporarily_unavailable: (name) => `${name} is busy right now. Please try again in a moment.`,
};

const CSRF = { 'X-Requested-With': 'connectors' };

function platformName(type) {
  const platform = PLATFORMS.find((p) => p.type === type);
  return platform ? platform.name : 'the platform';
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.entries(props).forEach(([key, value]) => {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  });
  children.forEach((child) => node.append(child));
  return node;
}

function showBanner(message, kind) {
  const banner = document.getElementById('banner');
  banner.textContent = message;
  banner.className = `banner banner-${kind}`;
  banner.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  banner.hidden = false;
}

function formatTime(value) {
  if (!value) return 'Never';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

async function problemText(response) {
  try {
    const problem = await response.json();
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

function details(connector) {
  const rows = [
    ['Account', connector && connector.accountName ? connector.accountName : '—'],
    ['Connected since', connector && connector.connectedAt ? formatTime(connector.connectedAt) : '—'],
    ['Last sync', formatTime(connector && connector.lastSync)],
  ];
  if (connector && connector.statusReason) rows.push(['Reason', connector.statusReason]);
  const list = el('dl');
  rows.forEach(([term, value]) => list.append(el('dt', { text: term }), el('dd', { text: value })));
  return list;
}

function stripeForm(platform) {
  const inputId = `${platform.type}-key`;
  const errorId = `${platform.type}-key-error`;
  const input = el('input', {
    id: inputId, name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false', required: '',
    'aria-describedby': `${platform.type}-key-hint`,
  });
  const error = el('p', { id: errorId, class: 'field-error', 'aria-live': 'polite' });
  const button = el('button', { type: 'submit', text: `Connect ${platform.name}` });
  const form = el('form', { class: 'stack', novalidate: '' }, [
    el('label', { for: inputId, text: `${platform.name} secret key` }),
    input,
    el('p', { id: `${platform.type}-key-hint`, class: 'hint', text: 'A restricted or secret key (sk_…).' }),
    error,
    button,
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    if (!input.value.trim()) {
      fail('Enter the API key.');
      return;
    }
    button.disabled = true;
    try {
      const response = await api('POST', '/api/connectors', {
        type: platform.type, credentials: { apiKey: input.value.trim() },
      });
      if (!response.ok) {
        fail(await problemText(response));
        return;
      }
      showBanner(`${platform.name} is connected.`, 'success');
      await load();
    } catch (e) {
      fail(e.message);
    } finally {
      button.disabled = false;
    }
  });

  function fail(message) {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${errorId} ${platform.type}-key-hint`);
    input.focus();
  }

  return form;
}

function disconnectButton(platform) {
  const button = el('button', { type: 'button', class: 'danger', text: `Disconnect ${platform.name}` });
  button.addEventListener('click', async () => {
    if (!window.confirm(`Disconnect ${platform.name}? Its credentials will be revoked and deleted.`)) return;
    button.disabled = true;
    try {
      const response = await api('DELETE', `/api/connectors?type=${encodeURIComponent(platform.type)}`);
      if (!response.ok) {
        showBanner(await problemText(response), 'error');
        return;
      }
      const result = await response.json();
      const note = result.revoked ? '' : ' (the platform could not confirm the revocation)';
      showBanner(`${platform.name} is disconnected${note}.`, 'success');
      await load();
    } catch (e) {
      showBanner(e.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function card(platform, connector) {
  const status = connector ? connector.status : 'none';
  const headingId = `${platform.type}-title`;
  const item = el('li', { class: 'card', 'aria-labelledby': headingId }, [
    el('h2', { id: headingId, text: platform.name }),
    el('p', { class: `status status-${status}`, text: STATUS_TEXT[status] || status }),
    details(connector),
  ]);
  const connected = status === 'connected';
  if (!connected && platform.auth === 'oauth') {
    const label = status === 'none' ? `Connect ${platform.name}` : `Reconnect ${platform.name}`;
    item.append(el('a', { class: 'button', href: `/api/connectors/${platform.type}/auth`, text: label }));
  }
  if (!connected && platform.auth === 'apiKey') item.append(stripeForm(platform));
  if (connector) item.append(disconnectButton(platform));
  return item;
}

async function load() {
  const list = document.getElementById('connectors');
  const loading = document.getElementById('loading');
  try {
    const response = await api('GET', '/api/connectors');
    if (!response.ok) {
      loading.textContent = await problemText(response);
      return;
    }
    const connectors = await response.json();
    const byType = new Map(connectors.map((c) => [c.type, c]));
    list.replaceChildren(...PLATFORMS.map((p) => card(p, byType.get(p.type))));
    loading.hidden = true;
  } catch (e) {
    loading.textContent = e.message;
  }
}

function showRedirectOutcome() {
  const params = new URLSearchParams(window.location.search);
  const connected = params.get('connected');
  const error = params.get('error');
  if (connected) {
    showBanner(`${platformName(connected)} is connected.`, 'success');
  } else if (error) {
    const name = platformName(params.get('type'));
    const explain = ERROR_TEXT[error];
    showBanner(explain ? explain(name) : `Connecting ${name} did not work (${error}). Please try again.`, 'error');
  }
}

async function syncNow(event) {
  const button = event.currentTarget;
  button.disabled = true;
  try {
    const response = await api('POST', '/api/sync/run');
    if (!response.ok) {
      showBanner(await problemText(response), 'error');
      return;
    }
    const result = await response.json();
    const names = (result.connectors || []).map(platformName);
    showBanner(names.length
      ? `Sync started for ${names.join(', ')}.`
      : 'Nothing to sync yet: connect a platform first.', 'success');
  } catch (e) {
    showBanner(e.message, 'error');
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  try {
    await fetch('/dashboard/logout', { method: 'POST', credentials: 'same-origin', headers: CSRF });
  } finally {
    window.location.assign('/dashboard/login');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('sync-now').addEventListener('click', syncNow);
  document.getElementById('sign-out').addEventListener('click', signOut);
  showRedirectOutcome();
  load();
});
