'use strict';
// The fleet at a glance, live. One compact snapshot from /v1/overview (a small cell per host ×
// service: its state, images and whether it has an error), then every transition of every instance,
// and every instance joining or leaving, from the event-bus bridge: a WebSocket to
// /eventbus/websocket speaking vertx-web's bridge frames (register, ping; messages arrive as
// "rec"; joins and departures carry a header "event"). Nothing is fetched while connected. On a lost
// connection it says so, reconnects with back-off and reads the snapshot again.
// Rendering is batched (at most four repaints a second, the first change after a quiet spell at
// once) and cells are updated in place. Services and hosts with anything not Stable, or with an
// error, come first: a failing cell is on screen without scrolling. Hovering or clicking a cell
// shows it in full (fetched for that cell alone).

const ADDRESS = 'condo.ui.transitions';
const STATES = ['Init', 'Wait', 'TryAgain', 'Stable', 'WaitNext', 'TryAgainNext'];
const FEED_CAP = 200;
const REPAINT_MS = 250;
const PING_MS = 5000;
const BACKOFF_MAX_MS = 30000;

const $ = (id) => document.getElementById(id);
const instances = new Map(); // id -> {id, host, departed, leftAt}
const services = new Map(); // name -> Map(instance id -> cell)
const cellElements = new Map(); // name + '\u0000' + instance id -> td
const details = new Map(); // name + '\u0000' + instance id -> the cell in full, as fetched
let structureDirty = true;
const dirtyCells = new Set();
let repaintTimer = null;
let feedPaused = false;
let feedHeld = [];

// --- the model ----------------------------------------------------------------------------------

function cellFromService(s) {
  const shown = s.next || s.current;
  const since = s.state === 'Stable' && s.current ? s.current.stable_at
    : (s.state === 'Wait' || s.state === 'WaitNext') && shown ? shown.created_at : null;
  return {state: s.state, current: s.current, next: s.next, error: s.error, retryAt: s.retry_at,
    since: since ? Date.parse(since) : null, rolledBack: s.rolled_back || null, restarts: s.restarts || null,
    rollout: s.rollout || null};
}

/** The compact overview: cells as [instance, service, state, current image, next image, marks]. */
function applyOverview(o) {
  instances.clear();
  services.clear();
  details.clear();
  const image = (n) => (n >= 0 ? {image: o.images[n]} : null);
  o.instances.forEach((i) => instances.set(i.instance, {id: i.instance, host: i.host, departed: false}));
  // Marks are bits: 1 an error, 2 rolled back, 4 restarted, 8 waiting for its turn in a rollout, 16 held
  // back by a stopped rollout; the details come with the cell's own fetch.
  for (const [i, s, state, current, next, marks] of o.cells) {
    cellsOf(o.services[s]).set(o.instances[i].instance, {state: o.states[state], current: image(current),
      next: image(next), error: marks & 1 ? true : null, retryAt: null, since: null,
      rolledBack: marks & 2 ? true : null, restarts: marks & 4 ? true : null,
      rollout: marks & 16 ? 'stopped' : marks & 8 ? 'waiting' : null});
  }
  for (const d of o.departed || []) {
    if (!instances.has(d.instance)) {
      instances.set(d.instance, {id: d.instance, host: d.host, departed: true, leftAt: d.left_at});
    }
  }
  structureDirty = true;
  scheduleRepaint();
}

function cellsOf(name) {
  if (!services.has(name)) {
    services.set(name, new Map());
    structureDirty = true;
  }
  return services.get(name);
}

/** An instance joined the view (or came back): its column, with all its services. */
function applyJoined(i) {
  instances.set(i.instance, {id: i.instance, host: i.host, departed: false});
  forgetCellsOf(i.instance);
  for (const [name, s] of Object.entries(i.services)) {
    cellsOf(name).set(i.instance, cellFromService(s));
    details.delete(name + '\u0000' + i.instance);
  }
  structureDirty = true;
  scheduleRepaint();
}

/** An instance left the view: its column stays, marked, without cells, as a fresh snapshot shows it. */
function applyDeparted(d) {
  instances.set(d.instance, {id: d.instance, host: d.host, departed: true, leftAt: d.left_at});
  forgetCellsOf(d.instance);
  structureDirty = true;
  scheduleRepaint();
}

/** The instance's cells go, and the rows of services no instance runs any more. */
function forgetCellsOf(instance) {
  for (const [name, cells] of services) {
    if (cells.delete(instance) && cells.size === 0) {
      services.delete(name);
    }
  }
}

/** A message from the bridge: a transition, or (with a header "event") an instance joining or leaving. */
function applyMessage(frame) {
  const kind = frame.headers?.event;
  if (kind === 'joined') {
    applyJoined(frame.body);
  } else if (kind === 'departed') {
    applyDeparted(frame.body);
  } else {
    applyEvent(frame.body);
  }
}

function applyEvent(e) {
  const known = instances.get(e.instance);
  if (!known || known.departed) {
    instances.set(e.instance, {id: e.instance, host: e.host, departed: false});
    structureDirty = true;
  }
  if (e.to === null) {
    const cells = services.get(e.service);
    if (cells && cells.delete(e.instance)) {
      if (cells.size === 0) {
        services.delete(e.service);
      }
      structureDirty = true;
    }
  } else {
    const cells = cellsOf(e.service);
    const before = cells.get(e.instance);
    const sameState = before && before.state === e.to;
    cells.set(e.instance, {state: e.to, current: e.current, next: e.next, error: e.error, retryAt: e.retry_at,
      since: sameState ? before.since : Date.parse(e.time), rolledBack: e.rolled_back || null,
      restarts: e.restarts || null, rollout: e.rollout || null});
    details.set(e.service + '\u0000' + e.instance, {service: e.service, instance: e.instance, host: e.host,
      state: e.to, current: e.current, next: e.next, error: e.error, retry_at: e.retry_at,
      rolled_back: e.rolled_back, restarts: e.restarts, rollout: e.rollout});
    if (!before) {
      structureDirty = true;
    }
    dirtyCells.add(e.service + '\u0000' + e.instance);
  }
  if (e.to === null) {
    details.delete(e.service + '\u0000' + e.instance);
  }
  refreshDetail(e.service, e.instance);
  addToFeed(e);
  scheduleRepaint();
}

// --- rendering ----------------------------------------------------------------------------------

let lastRepaint = 0;

/**
 * A change after a quiet spell shows on the next frame; changes in a burst are gathered so that
 * the page repaints at most once every REPAINT_MS.
 */
function scheduleRepaint() {
  if (repaintTimer === null) {
    const wait = Math.max(0, lastRepaint + REPAINT_MS - performance.now());
    repaintTimer = setTimeout(() => {
      repaintTimer = null;
      lastRepaint = performance.now();
      repaint();
    }, wait);
  }
}

/** A cell that needs a look: not Stable, or with an error. */
function troubled(c) {
  return c.state !== 'Stable' || !!c.error;
}

function troubledInstances() {
  const ids = new Set();
  for (const cells of services.values()) {
    for (const [id, c] of cells) {
      if (troubled(c)) {
        ids.add(id);
      }
    }
  }
  return ids;
}

/** Hosts with a troubled cell first, then by host; departed ones last. */
function orderedInstances() {
  const troubledIds = troubledInstances();
  return [...instances.values()].sort((a, b) => (a.departed - b.departed)
    || (troubledIds.has(b.id) - troubledIds.has(a.id))
    || a.host.localeCompare(b.host) || a.id.localeCompare(b.id));
}

/** Services with a troubled cell first, then by name. */
function orderedServices() {
  const rank = (name) => ([...services.get(name).values()].some(troubled) ? 0 : 1);
  return [...services.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

let shownOrder = '';

function orderKey() {
  return orderedServices().join('\u0000') + '\u0001' + orderedInstances().map((i) => i.id + i.departed).join('\u0000');
}

function repaint() {
  if (!structureDirty && orderKey() !== shownOrder) {
    structureDirty = true;
  }
  if (structureDirty) {
    rebuild();
  } else {
    for (const key of dirtyCells) {
      const [name, instance] = key.split('\u0000');
      const td = cellElements.get(key);
      if (td) {
        fillCell(td, services.get(name)?.get(instance));
        fillServiceHead(td.parentElement.firstElementChild, name);
      }
    }
  }
  dirtyCells.clear();
  fillCounts();
  applyFilters();
}

function rebuild() {
  structureDirty = false;
  cellElements.clear();
  const columns = orderedInstances();
  const head = $('fleet-head');
  const heads = [head.firstElementChild];
  for (const i of columns) {
    const th = document.createElement('th');
    th.dataset.instance = i.id;
    th.className = 'host' + (i.departed ? ' departed' : '');
    th.appendChild(span('name', i.host));
    th.title = i.departed ? `${i.host} (${i.id}) left the fleet at ${new Date(i.leftAt).toLocaleTimeString()}`
      : `${i.host} (${i.id})`;
    heads.push(th);
  }
  head.replaceChildren(...heads);
  const rows = [];
  const names = orderedServices();
  shownOrder = orderKey();
  for (const name of names) {
    const tr = document.createElement('tr');
    tr.dataset.service = name;
    const th = document.createElement('th');
    th.className = 'service';
    fillServiceHead(th, name);
    tr.appendChild(th);
    for (const i of columns) {
      const td = document.createElement('td');
      td.className = 'cell';
      td.dataset.service = name;
      td.dataset.instance = i.id;
      fillCell(td, services.get(name).get(i.id));
      cellElements.set(name + '\u0000' + i.id, td);
      tr.appendChild(td);
    }
    rows.push(tr);
  }
  $('fleet-body').replaceChildren(...rows);
  $('empty').hidden = services.size > 0;
}

function span(cls, text) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function shortId(c) {
  return c && c.id ? c.id.substring(0, 12) : '…';
}

/** A small square: its colour the state, a ring for an error, a stripe while a new container is on its way. */
function fillCell(td, cell) {
  if (!cell) {
    td.dataset.state = '';
    td.className = 'cell';
    td.removeAttribute('data-image');
    td.removeAttribute('data-next');
    td.title = '';
    return;
  }
  td.dataset.state = cell.state;
  // A crash loop: replaced without a spec change and not back to Stable yet.
  const crashLoop = cell.restarts && cell.state !== 'Stable';
  td.className = 'cell ' + cell.state + (cell.error ? ' err' : '') + (cell.next ? ' next' : '')
    + (cell.rolledBack ? ' rolled' : '') + (cell.restarts ? ' restarted' : '') + (crashLoop ? ' crashloop' : '')
    + (cell.rollout ? (String(cell.rollout).startsWith('stopped') ? ' rollout-stopped' : ' rollout-waiting') : '');
  td.dataset.image = cell.current ? cell.current.image : '';
  if (cell.next) {
    td.dataset.next = cell.next.image;
  } else {
    td.removeAttribute('data-next');
  }
  const host = instances.get(td.dataset.instance)?.host || td.dataset.instance;
  td.title = `${td.dataset.service} on ${host}: ${cell.state}` + (cell.error ? ' (error)' : '')
    + (cell.rolledBack ? ' (rolled back)' : '') + (crashLoop ? ' (crash loop)' : cell.restarts ? ' (restarted)' : '')
    + (cell.rollout ? (String(cell.rollout).startsWith('stopped') ? ' (rollout stopped)' : ' (waiting for its turn)') : '');
}

/**
 * "N/M X" (in full, in its title: "X Stable on N of M hosts"), X the image the service is heading
 * for on most hosts.
 */
function fillServiceHead(th, name) {
  const cells = [...services.get(name)?.values() || []];
  const heading = new Map();
  for (const c of cells) {
    const target = (c.next || c.current)?.image;
    if (target) {
      heading.set(target, (heading.get(target) || 0) + 1);
    }
  }
  const image = [...heading.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const stable = cells.filter((c) => c.state === 'Stable' && c.current && c.current.image === image).length;
  const rollout = image ? `${image} Stable on ${stable} of ${cells.length} hosts` : '';
  th.replaceChildren(span('name', name), span('rollout', image ? `${stable}/${cells.length} ${image}` : ''));
  th.title = rollout ? `${name}: ${rollout}` : name;
  th.dataset.rollout = rollout;
}

function fillCounts() {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const cells of services.values()) {
    for (const c of cells.values()) {
      counts[c.state]++;
    }
  }
  const live = [...instances.values()].filter((i) => !i.departed).length;
  const left = instances.size - live;
  $('counts').replaceChildren(span('hosts', `${live} hosts${left ? `, ${left} departed` : ''}`),
    ...STATES.map((s) => {
      const el = span('count badge ' + s, `${s} ${counts[s]}`);
      el.dataset.state = s;
      el.dataset.count = String(counts[s]);
      return el;
    }));
}

function age(since) {
  if (since === null || Number.isNaN(since)) {
    return '';
  }
  const s = Math.max(0, Math.round((Date.now() - since) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor(s % 3600 / 60)} min`;
}

function tickAges() {
  for (const el of document.querySelectorAll('#detail .since')) {
    if (el.dataset.since) {
      el.textContent = age(Number(el.dataset.since));
    }
  }
}

// --- filters and deep links -----------------------------------------------------------------------

const params = new URLSearchParams(location.search);
// A deep link to one service (/?service=web) shows exactly it, until the filter is edited.
let onlyService = params.get('service');
$('filter-text').value = onlyService || params.get('q') || '';
$('filter-state').value = params.get('state') || '';

function applyFilters() {
  const text = $('filter-text').value.trim().toLowerCase();
  const state = $('filter-state').value;
  for (const tr of $('fleet-body').children) {
    const name = tr.dataset.service;
    const cells = [...services.get(name)?.entries() || []];
    const matchesText = onlyService ? name === onlyService : !text || name.toLowerCase().includes(text) || cells.some(([id, c]) =>
      (instances.get(id)?.host || '').toLowerCase().includes(text)
      || [c.current, c.next].some((x) => x && x.image.toLowerCase().includes(text)));
    const matchesState = !state || cells.some(([, c]) => c.state === state);
    tr.hidden = !(matchesText && matchesState);
  }
}

function onFilterChange() {
  onlyService = null;
  const next = new URLSearchParams();
  if ($('filter-text').value) {
    next.set('q', $('filter-text').value);
  }
  if ($('filter-state').value) {
    next.set('state', $('filter-state').value);
  }
  history.replaceState(null, '', next.toString() ? '?' + next : location.pathname);
  applyFilters();
}

$('filter-text').addEventListener('input', onFilterChange);
$('filter-state').addEventListener('change', onFilterChange);

// --- the feed -----------------------------------------------------------------------------------

function addToFeed(e) {
  if (feedPaused) {
    feedHeld.push(e);
    $('feed-pause').textContent = `resume (${feedHeld.length} new)`;
    return;
  }
  const li = document.createElement('li');
  li.dataset.service = e.service;
  li.dataset.to = e.to === null ? 'gone' : e.to;
  const time = document.createElement('time');
  time.dateTime = e.time;
  time.textContent = new Date(e.time).toLocaleTimeString();
  const image = (e.next || e.current)?.image;
  const why = e.reason ? ` (${e.reason})` : '';
  li.append(time, `${e.host} ${e.service}: ${e.from} → ${e.to === null ? 'gone' : e.to}${image ? ' ' + image : ''}${why}`);
  const feed = $('feed');
  feed.prepend(li);
  while (feed.children.length > FEED_CAP) {
    feed.lastElementChild.remove();
  }
}

$('feed-pause').addEventListener('click', () => {
  feedPaused = !feedPaused;
  $('feed-pause').textContent = feedPaused ? 'resume' : 'pause';
  if (!feedPaused) {
    const held = feedHeld;
    feedHeld = [];
    held.forEach(addToFeed);
  }
});

// --- the connection -----------------------------------------------------------------------------

let backoff = 1000;

function setConnection(state, text) {
  $('connection').dataset.state = state;
  $('connection').textContent = text;
}

function connect() {
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/eventbus/websocket');
  socket.binaryType = 'arraybuffer';
  const decoder = new TextDecoder();
  let held = []; // events that arrive while the snapshot is read
  let synced = false;
  let ping = null;
  socket.onopen = () => {
    socket.send(JSON.stringify({type: 'register', address: ADDRESS}));
    ping = setInterval(() => socket.send(JSON.stringify({type: 'ping'})), PING_MS);
    setConnection('connecting', 'reading the fleet…');
    fetch('/v1/overview').then((r) => r.json()).then((overview) => {
      applyOverview(overview);
      synced = true;
      // What the snapshot already includes is not applied twice.
      held.filter((f) => f.headers?.event || after(f.body.cursor, overview.cursor)).forEach(applyMessage);
      held = [];
      backoff = 1000;
      setConnection('live', 'live');
    }).catch(() => socket.close());
  };
  socket.onmessage = (message) => {
    const frame = JSON.parse(typeof message.data === 'string' ? message.data : decoder.decode(message.data));
    if (frame.type === 'rec' && frame.address === ADDRESS) {
      if (synced) {
        applyMessage(frame);
      } else {
        held.push(frame);
      }
    }
  };
  socket.onclose = () => {
    clearInterval(ping);
    const wait = backoff;
    backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    setConnection('disconnected', `disconnected — reconnecting in ${Math.round(wait / 1000)} s`);
    setTimeout(connect, wait);
  };
}

/** Whether cursor a (<run>-<n>) comes after b; a cursor of another run is taken as newer. */
function after(a, b) {
  if (!a || !b) {
    return true;
  }
  const [runA, nA] = a.split('-');
  const [runB, nB] = b.split('-');
  return runA !== runB || Number(nA) > Number(nB);
}

// --- one cell in full -----------------------------------------------------------------------------

let detailKey = null; // the cell shown
let detailPinned = false;
let hoverTimer = null;

function showDetail(service, instance, pin) {
  detailKey = service + '\u0000' + instance;
  detailPinned = pin;
  $('detail').hidden = false;
  $('detail').dataset.service = service;
  $('detail').dataset.instance = instance;
  const known = details.get(detailKey);
  if (known) {
    fillDetail(known);
  } else {
    const cell = services.get(service)?.get(instance);
    fillDetail({service, instance, host: instances.get(instance)?.host, state: cell?.state, loading: true});
    const key = detailKey;
    fetch(`/v1/overview/cell?instance=${encodeURIComponent(instance)}&service=${encodeURIComponent(service)}`)
      .then((r) => (r.ok ? r.json() : null)).then((full) => {
        if (full) {
          details.set(key, full);
        }
        if (key === detailKey) {
          fillDetail(full || {service, instance, host: instances.get(instance)?.host, gone: true});
        }
      }).catch(() => {});
  }
}

/** A transition of the cell shown: shown at once from the event, in full. */
function refreshDetail(service, instance) {
  if (detailKey === service + '\u0000' + instance && !$('detail').hidden) {
    showDetail(service, instance, detailPinned);
  }
}

function fillDetail(d) {
  const rows = [span('where', `${d.service} on ${d.host || d.instance}`)];
  if (d.gone) {
    rows.push(span('state', 'no longer on this host'));
  } else if (d.state) {
    rows.push(span('badge ' + d.state, d.state));
  }
  if (d.current || d.next) {
    rows.push(span('image', d.next ? `${d.current ? d.current.image : '?'} → ${d.next.image}` : d.current.image));
    rows.push(span('ids', d.next ? `${shortId(d.current)} → ${shortId(d.next)}` : shortId(d.current)));
    const shown = d.next || d.current;
    const since = d.state === 'Stable' && d.current ? d.current.stable_at : shown.created_at;
    if (since) {
      const el = span('since', age(Date.parse(since)));
      el.dataset.since = String(Date.parse(since));
      rows.push(el);
    }
  }
  if (d.retry_at) {
    rows.push(span('retry', 'retry at ' + new Date(d.retry_at).toLocaleTimeString()));
  }
  if (d.rolled_back) {
    const runs = d.current ? d.current.image : 'the last good spec';
    rows.push(span('rolled', `rolled back at ${new Date(d.rolled_back.at).toLocaleTimeString()}: the file says `
      + `${d.rolled_back.spec_image}, Condo runs ${runs}` + (d.rolled_back.error ? ` (${d.rolled_back.error})` : '')));
  }
  if (d.rollout) {
    rows.push(span('rollout', 'rollout: ' + d.rollout));
  }
  if (d.restarts) {
    const looping = d.state !== 'Stable' ? ', in a crash loop' : '';
    rows.push(span('restarts', `${d.restarts} restart${d.restarts === 1 ? '' : 's'} since the spec changed${looping}`));
  }
  if (typeof d.error === 'string') {
    rows.push(span('error', d.error));
  }
  if (d.loading) {
    rows.push(span('loading', '…'));
  }
  $('detail-body').replaceChildren(...rows);
}

function cellOf(target) {
  const td = target.closest ? target.closest('td.cell') : null;
  return td && td.dataset.state ? td : null;
}

$('fleet-body').addEventListener('mouseover', (e) => {
  const td = cellOf(e.target);
  if (td && !detailPinned) {
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(() => showDetail(td.dataset.service, td.dataset.instance, false), 120);
  }
});
$('fleet-body').addEventListener('mouseleave', () => {
  clearTimeout(hoverTimer);
  if (!detailPinned) {
    $('detail').hidden = true;
  }
});
$('fleet-body').addEventListener('click', (e) => {
  const td = cellOf(e.target);
  if (td) {
    clearTimeout(hoverTimer);
    showDetail(td.dataset.service, td.dataset.instance, true);
  }
});
$('detail-close').addEventListener('click', () => {
  detailPinned = false;
  $('detail').hidden = true;
});

setInterval(tickAges, 1000);
connect();
