// meetdoc editor. Plain JavaScript, no build step, nothing fetched from
// elsewhere. Forms are made from the JSON Schemas of the data files (so new
// kinds of file and new sections appear without changing this page); the
// programme has a timetable of its own. Every data value reaches the page
// through textContent or an input's value, never as markup. Every rule
// (times, sums, footnotes, layout) is the server's: this page shows what the
// server says.
'use strict';

const S = {
  kind: null, title: '', folder: '',
  files: {}, order: [], schemas: {},
  diagnostics: [], facts: {}, documents: [], dirty: [], errors: 0, valid: true,
  undo: null, redo: null, revision: 0, changedOnDisk: [],
  section: null, doc: null, seen: null, zoom: 1,
  pending: {}, expanded: new Set(), shiftOpen: null,
  lastPreview: null, updating: false,
};

// ------------------------------------------------------------------ DOM

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'value') e.value = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const $ = (id) => document.getElementById(id);
const keyOf = (file, path) => file + '|' + JSON.stringify(path);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const chars = (s, utf16) => Array.from(s.slice(0, utf16)).length;

function getAt(v, path) {
  for (const p of path) {
    if (v === null || v === undefined) return undefined;
    v = v[p];
  }
  return v;
}
function setAt(v, path, value) {
  let o = v;
  for (const p of path.slice(0, -1)) o = o[p];
  o[path[path.length - 1]] = value;
}

// Words for field names (presentation only; the schema decides what exists).
const LABELS = {
  document_kind: 'Kind of document', end_date: 'Last day', timezone: 'Time zone',
  related_meeting: 'Held in conjunction with', short: 'Short name', organizers: 'Organizers',
  paragraphs: 'Paragraphs', specific_intro: 'Sentence before the list', specific: 'Specific objectives',
  outputs_intro: 'Sentence before the outputs', outputs: 'Outputs', intro: 'Sentence before the list',
  categories: 'Categories of participants', closing: 'Paragraphs after the list', notes: 'Footnotes',
  heading: 'Heading', columns: 'Column headings', list_of_documents: 'List of documents',
  agenda_item: 'Agenda item', revision_date: 'Date of the revision', issuer: 'Issuer (masthead lines)',
  series: 'Symbol series', items: 'Items', number: 'Number', title: 'Title', name: 'Name',
};
function label(key) {
  if (typeof key === 'number') return 'Entry ' + (key + 1);
  if (LABELS[key]) return LABELS[key];
  const s = String(key).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
const GENERIC = /^(Text, printed as typed|Text with inline markup|A date, YYYY|A time of day|A BCP 47)/;
function hintOf(s, key) {
  const d = s && s.description;
  if (!d || GENERIC.test(d)) return null;
  const h = d.replace(/`/g, '');
  if (key !== undefined && h.replace(/\.$/, '').toLowerCase() === label(key).toLowerCase()) return null;
  return h;
}

// ------------------------------------------------------------------ schemas

function resolve(root, s) {
  let n = 0;
  while (s && s.$ref && n++ < 32) s = root.$defs[s.$ref.replace('#/$defs/', '')];
  return s || {};
}
function branches(root, s) {
  const b = s.anyOf || s.oneOf;
  return b ? b.map((x) => resolve(root, x)) : null;
}
function typeOf(s) {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}
function defaultFor(root, s, parent) {
  s = resolve(root, s);
  const b = branches(root, s);
  if (b) {
    const nn = b.filter((x) => x.type !== 'null');
    if (nn.length && nn.every((x) => 'const' in x)) return nn[0].const;
    return defaultFor(root, nn[0] || {}, parent);
  }
  if ('default' in s) return JSON.parse(JSON.stringify(s.default));
  if (s.enum) return s.enum[0];
  if ('const' in s) return s.const;
  switch (typeOf(s)) {
    case 'object': {
      const o = {};
      for (const k of s.required || []) o[k] = defaultFor(root, s.properties[k], o);
      return o;
    }
    case 'array': {
      const n = s.minItems || 0;
      return Array.from({ length: n }, () => defaultFor(root, s.items || {}));
    }
    case 'integer': case 'number': return s.minimum > 0 ? s.minimum : 0;
    case 'boolean': return false;
    case 'string':
      if (s.format === 'date') return (parent && parent.date) || new Date().toISOString().slice(0, 10);
      if (s.format === 'hh:mm') return '09:00';
      return '';
    default: return null;
  }
}

// ------------------------------------------------------------------ server

async function api(method, url, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(url, opts);
  let data = null;
  const type = r.headers.get('Content-Type') || '';
  if (type.includes('application/json')) data = await r.json();
  else data = { message: await r.text() };
  return { status: r.status, data };
}

let queue = Promise.resolve();
const timers = new Map();

function send(op, typed) {
  // Typing not sent yet goes first: an edit that moves entries must not
  // come before the text typed at their old places.
  if (!typed) sendTyped();
  const file = op.file;
  S.pending[file] = (S.pending[file] || 0) + 1;
  markUpdating();
  queue = queue.then(async () => {
    let r;
    try { r = await api('POST', '/api/edit', op); }
    catch (e) { r = { status: 0, data: { applied: false, message: 'the editor is not running any more (' + e + ')' } }; }
    S.pending[file] -= 1;
    afterChange(r);
    return r;
  });
  return queue;
}

// Typing: the value is kept here at once and sent after a short pause.
function setLater(file, path, value) {
  setAt(S.files[file].value, path, value);
  const key = keyOf(file, path);
  clearTimeout(timers.get(key) && timers.get(key).t);
  const t = setTimeout(() => { timers.delete(key); send({ op: 'set', file, path, value }, true); }, 180);
  timers.set(key, { t, file, path, value });
  markUpdating();
}
function setNow(file, path, value) {
  setAt(S.files[file].value, path, value);
  const key = keyOf(file, path);
  if (timers.has(key)) { clearTimeout(timers.get(key).t); timers.delete(key); }
  return send({ op: 'set', file, path, value });
}
function sendTyped() {
  for (const [key, p] of [...timers]) {
    clearTimeout(p.t);
    timers.delete(key);
    send({ op: 'set', file: p.file, path: p.path, value: p.value }, true);
  }
}
async function flush() {
  sendTyped();
  return queue;
}
function typingIn(file) {
  if (S.pending[file] > 0) return true;
  for (const p of timers.values()) if (p.file === file) return true;
  return false;
}

function takeSummary(d) {
  for (const k of ['revision', 'diagnostics', 'facts', 'documents', 'dirty', 'undo', 'redo', 'errors', 'valid']) {
    if (k in d) S[k] = d[k];
  }
}

// The answer to an edit, undo, redo or reload.
function afterChange(r) {
  const d = r.data || {};
  if (d.applied === false || r.status === 0) {
    showBanner(d.message || 'The change was not made.', 'error');
    render();
    return;
  }
  if (!('revision' in d)) {
    showBanner(d.message || 'The change was not made.', 'error');
    return;
  }
  takeSummary(d);
  let rerender = false;
  for (const f of d.changed || []) {
    const mine = S.files[f.id];
    const keep = typingIn(f.id) && mine;
    if (!keep && (!mine || !same(mine.value, f.value))) {
      S.files[f.id] = f;
      if (sectionFiles().includes(f.id)) rerender = true;
    } else if (mine) {
      mine.refs = f.refs;
    }
  }
  if (rerender) renderSection();
  else { refreshNotes(); refreshFacts(); }
  renderChrome();
  placeDiagnostics();
  if (d.label && /^add footnote (\S+)/.test(d.label)) {
    const id = d.label.match(/^add footnote (\S+)/)[1];
    const f = S.files[S.section];
    const box = f && document.querySelector(`[data-key="${CSS.escape(keyOf(f.notes_file, ['notes', id]))}"]`);
    if (box) { box.focus(); box.select(); }
  }
}

async function loadState() {
  const [st, sch] = await Promise.all([api('GET', '/api/state'), api('GET', '/api/schemas')]);
  if (st.status !== 200) {
    document.body.textContent = st.data.message || 'This editor needs the address meetdoc serve printed.';
    return false;
  }
  S.schemas = sch.data;
  const d = st.data;
  S.kind = d.kind; S.title = d.title; S.folder = d.folder;
  S.files = {}; S.order = [];
  for (const f of d.files) { S.files[f.id] = f; S.order.push(f.id); }
  S.changedOnDisk = d.changed_on_disk || [];
  takeSummary(d);
  if (!S.section || !S.files[S.section]) {
    S.section = S.order.find((id) => S.files[id].type === 'programme') || S.order[0];
  }
  return true;
}

// ------------------------------------------------------------------ chrome

function counts(file) {
  let e = 0, w = 0;
  for (const d of S.diagnostics) if (d.file === file) (d.severity === 'error' ? e++ : w++);
  return { e, w };
}

function renderChrome() {
  $('title').textContent = S.title || 'meetdoc';
  $('folder').textContent = S.folder;
  document.title = (S.dirty.length ? '• ' : '') + (S.title || 'meetdoc') + ' — meetdoc';
  const status = $('save-status');
  if (S.dirty.length) {
    status.textContent = 'Unsaved changes in ' + S.dirty.length + (S.dirty.length === 1 ? ' file' : ' files');
    status.className = 'save-status dirty';
  } else {
    status.textContent = 'All changes saved';
    status.className = 'save-status';
  }
  $('undo').disabled = !S.undo;
  $('undo').title = S.undo ? 'Undo: ' + S.undo + ' (Ctrl+Z)' : 'Nothing to undo';
  $('redo').disabled = !S.redo;
  $('redo').title = S.redo ? 'Redo: ' + S.redo + ' (Ctrl+Shift+Z)' : 'Nothing to redo';
  const errors = S.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = S.diagnostics.length - errors;
  const pill = $('problems');
  pill.hidden = S.diagnostics.length === 0;
  const parts = [];
  if (errors) parts.push(errors + (errors === 1 ? ' error' : ' errors'));
  if (warnings) parts.push(warnings + (warnings === 1 ? ' warning' : ' warnings'));
  pill.textContent = parts.join(' · ');
  pill.className = 'problems-pill' + (errors ? '' : ' warn-only');
  renderNav();
  renderTabs();
  renderProblems();
  renderPreviewStatus();
}

function renderNav() {
  const nav = $('sections');
  nav.replaceChildren();
  let group = null;
  for (const id of S.order) {
    const f = S.files[id];
    const g = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : null;
    if (S.kind === 'set' && g !== group) {
      group = g;
      nav.append(el('div', { class: 'group', text: g || 'Set' }));
    }
    const { e, w } = counts(id);
    const badge = e ? el('span', { class: 'count error', text: e, title: e + ' errors' })
      : w ? el('span', { class: 'count warn', text: w, title: w + ' warnings' }) : null;
    const dirty = S.dirty.includes(id) ? el('span', { class: 'dot', title: 'not saved yet' }) : null;
    nav.append(el('button', {
      type: 'button', class: id === S.section ? 'active' : '', 'data-file': id,
      onclick: () => { S.section = id; followSection(); renderSection(); renderNav(); $('editor').scrollTop = 0; },
    }, el('span', {}, f.title, dirty), badge));
  }
}

function renderTabs() {
  const tabs = $('doc-tabs');
  const docs = S.documents;
  if (docs.length && !docs.some((d) => d.id === S.doc)) {
    const want = S.doc;
    S.doc = (docs.find((d) => d.id === 'programme' || /programme/i.test(d.label)) || docs[0]).id;
    if (want !== S.doc) restartPreview();
  }
  const ids = docs.map((d) => d.id + d.label).join('|');
  const pick = (id) => { if (S.doc !== id) { S.doc = id; restartPreview(); renderTabs(); } };
  if (tabs.dataset.ids !== ids) {
    tabs.dataset.ids = ids;
    if (docs.length > 2) {
      // A set: its documents by symbol and title.
      const sel = el('select', { class: 'doc-pick', 'aria-label': 'Document shown', id: 'doc-pick' });
      for (const d of docs) sel.append(el('option', { value: d.id, text: d.label, 'data-doc': d.id }));
      sel.addEventListener('change', () => pick(sel.value));
      tabs.replaceChildren(sel);
    } else {
      tabs.replaceChildren(...docs.map((d) => el('button', {
        type: 'button', role: 'tab', 'data-doc': d.id, title: d.label, onclick: () => pick(d.id),
      }, d.label)));
    }
  }
  if ($('doc-pick')) $('doc-pick').value = S.doc;
  for (const b of tabs.querySelectorAll('button')) b.className = b.dataset.doc === S.doc ? 'active' : '';
}

// The pages follow the part being edited: the programme's, the concept
// note's for its sections, the agenda's, the list of documents'.
const SHOWN_IN = {
  programme: 'programme', agenda: 'agenda', docset: 'list',
  background: 'concept-note', objectives: 'concept-note', workplan: 'concept-note',
  participants: 'concept-note', footnotes: 'concept-note',
  document: 'document', section: 'concept-note',
};
function followSection() {
  const f = S.files[S.section];
  const kind = f && SHOWN_IN[f.type];
  if (!kind) return;
  const current = S.documents.find((d) => d.id === S.doc);
  if (current && current.kind === kind && (!current.files.length || current.files.includes(f.id))) return;
  const next = S.documents.find((d) => d.kind === kind && (kind === 'agenda' || kind === 'list' || d.files.includes(f.id)));
  if (next && next.id !== S.doc) { S.doc = next.id; restartPreview(); renderTabs(); }
}

function showBanner(text, kind, actions) {
  $('banner').hidden = false;
  $('banner').className = 'banner' + (kind === 'error' ? ' error' : '');
  $('banner-text').textContent = text;
  const a = $('banner-actions');
  a.replaceChildren(...(actions || []), el('button', {
    type: 'button', class: 'btn small ghost', onclick: () => { $('banner').hidden = true; },
  }, 'Dismiss'));
}

// ------------------------------------------------------------------ problems

function humanPath(file, path) {
  if (!path) return '';
  const f = S.files[file];
  const out = [];
  let v = f && f.value;
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    const parentKey = path[i - 1];
    if (typeof p === 'number') {
      if (parentKey === 'days') out.push('day ' + (p + 1));
      else if (parentKey === 'items' && v && v[p] && typeof v[p].title === 'string') out.push('item ' + (p + 1) + ' (' + v[p].title.slice(0, 40) + ')');
      else out.push('entry ' + (p + 1));
    } else if (p !== 'days' && p !== 'items') {
      out.push(label(p).toLowerCase());
    }
    v = v && v[p];
  }
  return out.join(' › ');
}

function renderProblems() {
  const list = $('problems-list');
  list.replaceChildren(...S.diagnostics.map((d) => {
    const f = S.files[d.file];
    const where = (f ? f.title : 'Data folder') + (d.path && d.path.length ? ' › ' + humanPath(d.file, d.path) : '');
    const open = () => { $('problems-panel').hidden = true; goTo(d); };
    return el('li', { class: d.severity, tabindex: 0, onclick: open, onkeydown: (e) => { if (e.key === 'Enter') open(); } },
      el('div', { class: 'where', text: where }),
      el('div', { text: d.message }),
      d.help ? el('div', { class: 'where', text: d.help }) : null);
  }));
}

function goTo(d) {
  if (!d.file || !S.files[d.file]) return;
  if (S.section !== d.file) { S.section = d.file; renderSection(); renderNav(); }
  const path = d.path || [];
  const di = path.indexOf('days'), ii = path.indexOf('items');
  if (S.files[d.file].type === 'programme' && di === 0 && ii === 2 && path.length > 4 &&
      ['description', 'speakers', 'parts'].includes(path[4])) {
    S.expanded.add(keyOf(d.file, path.slice(0, 4)));
    renderSection();
  }
  const target = findField(d.file, path);
  if (target) {
    target.scrollIntoView({ block: 'center' });
    if (target.focus) target.focus();
    target.classList.add('flash');
    setTimeout(() => target.classList.remove('flash'), 1300);
  }
}

function findField(file, path) {
  for (let n = path.length; n >= 0; n--) {
    const e = document.querySelector(`#editor [data-key="${CSS.escape(keyOf(file, path.slice(0, n)))}"]`);
    if (e && e.offsetParent !== null) return e;
  }
  return null;
}

// Each finding beside the field its place names (or the nearest shown).
function placeDiagnostics() {
  const editor = $('editor');
  editor.querySelectorAll('.diag').forEach((m) => m.remove());
  editor.querySelectorAll('.has-error, .has-warning').forEach((e) => e.classList.remove('has-error', 'has-warning'));
  editor.querySelectorAll('tr.item.has-error').forEach((e) => e.classList.remove('has-error'));
  editor.querySelectorAll('tr.msgrow').forEach((r) => { if (!r.querySelector('.shift-box')) r.hidden = true; });
  const shown = sectionFiles();
  for (const d of S.diagnostics) {
    if (!shown.includes(d.file)) continue;
    const target = findField(d.file, d.path || []);
    const msg = el('div', { class: 'msg diag ' + d.severity, role: d.severity === 'error' ? 'alert' : null, 'data-for': d.location },
      d.message, d.help ? el('span', { class: 'help', text: d.help }) : null);
    if (!target) { editor.querySelector('.file-msgs').append(msg); continue; }
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) target.classList.add(d.severity === 'error' ? 'has-error' : 'has-warning');
    const row = target.closest('tr.item, tr.details');
    if (row) {
      const item = row.classList.contains('details') ? row.previousElementSibling.previousElementSibling : row;
      if (d.severity === 'error') item.classList.add('has-error');
      if (row.classList.contains('details') && target.closest('.detail-block')) {
        target.closest('.detail-block').append(msg);
      } else {
        item.nextElementSibling.querySelector('td').append(msg);
        item.nextElementSibling.hidden = false;
      }
      continue;
    }
    const host = target.closest('.field, .entry, .note') || target;
    if (host.classList.contains('entry') || host.classList.contains('note')) host.after(msg);
    else host.append(msg);
  }
}

// ------------------------------------------------------------------ forms

function sectionFiles() {
  const f = S.files[S.section];
  if (!f) return [];
  return [f.id, f.notes_file].filter(Boolean);
}

function autosize(t) {
  t.style.height = 'auto';
  t.style.height = (t.scrollHeight + 2) + 'px';
}

function textInput(file, path, value, opts) {
  opts = opts || {};
  const long = opts.multiline || (typeof value === 'string' && value.length > 70);
  const e = long ? el('textarea', { rows: 1, 'data-key': keyOf(file, path), id: opts.id, placeholder: opts.placeholder, 'aria-label': opts.label })
    : el('input', { type: 'text', 'data-key': keyOf(file, path), id: opts.id, placeholder: opts.placeholder, 'aria-label': opts.label, class: opts.cls });
  e.value = value === undefined || value === null ? '' : value;
  e.addEventListener('input', () => { if (long) autosize(e); setLater(file, path, e.value); });
  if (long) requestAnimationFrame(() => autosize(e));
  return e;
}

function timeInput(file, path, value, aria) {
  const e = el('input', { type: 'text', class: 'time', inputmode: 'numeric', maxlength: 5, placeholder: 'HH:MM', 'data-key': keyOf(file, path), 'aria-label': aria });
  e.value = value || '';
  e.addEventListener('input', () => setLater(file, path, e.value));
  return e;
}

function dateInput(file, path, value, aria) {
  const e = el('input', { type: 'date', 'data-key': keyOf(file, path), 'aria-label': aria });
  e.value = value || '';
  e.addEventListener('change', () => setNow(file, path, e.value));
  return e;
}

// A text with inline markup: italics and footnote buttons, and the notes it
// references listed (and editable) under it.
function markupEditor(file, path, value, notes, aria) {
  const f = S.files[file];
  const t = textInput(file, path, value, { multiline: true, label: aria });
  const act = async (op) => {
    const from = chars(t.value, t.selectionStart), to = chars(t.value, t.selectionEnd);
    await flush();
    if (op === 'italic') send({ op: 'italic', file, path, from, to });
    else send({ op: 'footnote', file, path, at: to });
  };
  const tools = el('div', { class: 'markup-tools' },
    el('button', { type: 'button', class: 'btn i', title: 'Italics for the selected words (publication titles)', onmousedown: (e) => e.preventDefault(), onclick: () => act('italic') }, 'I'),
    notes && f.notes_file ? el('button', { type: 'button', class: 'btn', title: 'Add a footnote after the cursor', onmousedown: (e) => e.preventDefault(), onclick: () => act('footnote') }, '+ Footnote') : null);
  const wrap = el('div', { class: 'markup' + (notes && f.notes_file ? '' : ' no-notes') }, t, tools);
  if (notes) wrap.append(el('div', { class: 'notes-here', 'data-notes-for': keyOf(file, path) }));
  return wrap;
}

// Lengths and the parts' sums, as the server computed them.
function refreshFacts() {
  document.querySelectorAll('[data-fact]').forEach((e) => {
    const [file, d, i] = JSON.parse(e.dataset.fact);
    const fact = S.facts[file] && S.facts[file].days[d] && S.facts[file].days[d][i];
    if (e.tagName === 'INPUT') {
      if (document.activeElement !== e) e.value = fact ? fact.minutes : '';
    } else {
      e.replaceChildren(...partsSum(fact));
    }
  });
}

function partsSum(fact) {
  if (!fact || fact.parts === null || fact.parts === undefined) return [];
  const ok = fact.parts === fact.minutes;
  return [el('span', { class: 'sum ' + (ok ? 'ok' : 'bad'), title: 'The parts\' minutes against the item\'s length' },
    'Parts ' + fact.parts + ' of ' + fact.minutes + ' min' + (ok ? ' ✓' : ''))];
}

function refreshNotes() {
  document.querySelectorAll('[data-notes-for]').forEach((box) => {
    const [file, p] = [box.dataset.notesFor.slice(0, box.dataset.notesFor.indexOf('|')), JSON.parse(box.dataset.notesFor.slice(box.dataset.notesFor.indexOf('|') + 1))];
    const f = S.files[file];
    const ref = (f.refs || []).find((r) => same(r.path, p));
    const ids = ref ? ref.notes : [];
    const have = [...box.querySelectorAll('.note')].map((n) => n.dataset.id);
    if (same(have, ids)) return;
    const nf = S.files[f.notes_file];
    box.replaceChildren(...ids.map((id) => {
      const text = nf && nf.value && nf.value.notes ? nf.value.notes[id] : undefined;
      const body = text === undefined
        ? el('span', { class: 'hint', text: 'This footnote is not defined yet.' })
        : textInput(f.notes_file, ['notes', id], text, { multiline: true, label: 'Footnote ' + id });
      return el('div', { class: 'note', 'data-id': id }, el('span', { class: 'note-id', text: 'Footnote [' + id + ']' }), el('div', { class: 'entry-body' }, body));
    }));
  });
}

function selectInput(file, path, value, options, aria) {
  const s = el('select', { 'data-key': keyOf(file, path), 'aria-label': aria });
  for (const o of options) s.append(el('option', { value: o.value, text: o.label }));
  s.value = value;
  s.addEventListener('change', () => setNow(file, path, s.value));
  return s;
}

// One value of a file, made from its schema.
function renderValue(ctx, schema, value, path, name) {
  const root = ctx.root;
  const s = resolve(root, schema);
  const b = branches(root, s);
  if (b) {
    const nn = b.filter((x) => x.type !== 'null');
    if (nn.length && nn.every((x) => 'const' in x)) {
      return selectInput(ctx.file, path, value, nn.map((x) => ({ value: x.const, label: label(x.const) + (x.description ? ' — ' + x.description : '') })), label(name));
    }
    const tag = nn.length > 1 && nn[0].properties && Object.keys(nn[0].properties).find((k) => 'const' in nn[0].properties[k] && nn.every((x) => x.properties && x.properties[k] && 'const' in x.properties[k]));
    if (tag) return renderTagged(ctx, nn, tag, value, path);
    return renderValue(ctx, nn[0] || {}, value, path, name);
  }
  if (s.enum) return selectInput(ctx.file, path, value, s.enum.map((x) => ({ value: x, label: String(x) })), label(name));
  switch (typeOf(s)) {
    case 'object':
      if (s.properties) return renderObject(ctx, s, value || {}, path);
      return renderMap(ctx, s, value || {}, path);
    case 'array': return renderArray(ctx, s, value || [], path, name);
    case 'integer': case 'number': {
      const e = el('input', { type: 'number', class: 'minutes', min: s.minimum, 'data-key': keyOf(ctx.file, path), 'aria-label': label(name) });
      e.value = value === undefined || value === null ? '' : value;
      e.addEventListener('input', () => setLater(ctx.file, path, e.value === '' ? null : Number(e.value)));
      return e;
    }
    case 'boolean': {
      const e = el('input', { type: 'checkbox', 'data-key': keyOf(ctx.file, path) });
      e.checked = !!value;
      e.addEventListener('change', () => setNow(ctx.file, path, e.checked));
      return e;
    }
    default:
      if (s.format === 'date') return dateInput(ctx.file, path, value, label(name));
      if (s.format === 'hh:mm') return timeInput(ctx.file, path, value, label(name));
      if (s.format === 'markup' || s.format === 'markup-no-notes') return markupEditor(ctx.file, path, value, s.format === 'markup', label(name));
      return textInput(ctx.file, path, value, { label: label(name) });
  }
}

function renderTagged(ctx, nn, tag, value, path) {
  const current = nn.find((x) => x.properties[tag].const === (value && value[tag])) || nn[0];
  const box = el('div', { class: 'sub', 'data-key': keyOf(ctx.file, path) });
  const sel = el('select', { 'aria-label': label(tag) });
  for (const x of nn) sel.append(el('option', { value: x.properties[tag].const, text: label(x.properties[tag].const) + (x.description ? ' — ' + x.description.replace(/\.$/, '') : '') }));
  sel.value = current.properties[tag].const;
  sel.addEventListener('change', () => {
    const branch = nn.find((x) => x.properties[tag].const === sel.value);
    setNow(ctx.file, path, defaultFor(ctx.root, branch)).then(() => {});
  });
  box.append(el('div', { class: 'field' }, el('div', { class: 'label', text: label(tag) }), sel));
  const rest = Object.assign({}, current, { properties: Object.fromEntries(Object.entries(current.properties).filter(([k]) => k !== tag)) });
  box.append(renderObject(ctx, rest, value || {}, path, true));
  return box;
}

function renderObject(ctx, s, value, path, bare) {
  const box = el('div', { class: 'object', 'data-key': bare ? null : keyOf(ctx.file, path) });
  const required = s.required || [];
  const absent = [];
  for (const [k, ps] of Object.entries(s.properties || {})) {
    if (k === '$schema') continue;
    const p = path.concat([k]);
    const rs = resolve(ctx.root, ps);
    const optional = !required.includes(k);
    if (!(k in value) && optional) { absent.push([k, ps]); continue; }
    const id = 'f' + Math.random().toString(36).slice(2);
    const editor = renderValue(ctx, ps, value[k], p, k);
    if (editor.tagName === 'INPUT' || editor.tagName === 'TEXTAREA' || editor.tagName === 'SELECT') editor.id = id;
    const hint = hintOf(ps, k) || hintOf(rs, k);
    const remove = optional && !('default' in rs) ? el('button', { type: 'button', class: 'link', title: 'Remove this field', onclick: () => send({ op: 'remove', file: ctx.file, path: p }) }, 'remove') : null;
    box.append(el('div', { class: 'field' },
      el('label', { for: id }, label(k), optional ? el('span', { class: 'optional', text: 'optional' }) : null, remove ? ' ' : null, remove),
      hint ? el('div', { class: 'hint', text: hint }) : null,
      editor));
  }
  if (absent.length) {
    box.append(el('div', { class: 'add-row' }, absent.map(([k, ps]) => el('button', {
      type: 'button', class: 'link',
      onclick: () => send({ op: 'set', file: ctx.file, path: path.concat([k]), value: defaultFor(ctx.root, ps, value) }),
    }, '+ ' + label(k)))));
  }
  return box;
}

function renderMap(ctx, s, value, path) {
  const box = el('div', { class: 'list', 'data-key': keyOf(ctx.file, path) });
  for (const [k, v] of Object.entries(value)) {
    const p = path.concat([k]);
    box.append(el('div', { class: 'entry' },
      el('span', { class: 'note-id', text: k }),
      el('div', { class: 'entry-body' }, renderValue(ctx, s.additionalProperties || {}, v, p, k)),
      el('div', { class: 'entry-tools' }, el('button', { type: 'button', class: 'btn ghost danger', title: 'Remove ' + k, onclick: () => send({ op: 'remove', file: ctx.file, path: p }) }, '✕'))));
  }
  const name = el('input', { type: 'text', placeholder: 'new id', 'aria-label': 'New id' });
  name.style.width = '160px';
  box.append(el('div', { class: 'add-row' }, name, el('button', {
    type: 'button', class: 'btn small',
    onclick: () => { if (name.value.trim()) send({ op: 'set', file: ctx.file, path: path.concat([name.value.trim()]), value: defaultFor(ctx.root, s.additionalProperties || {}) }); },
  }, '+ Add')));
  return box;
}

function renderArray(ctx, s, value, path, name) {
  const items = s.items || {};
  const fixed = s.minItems !== undefined && s.minItems === s.maxItems;
  if (fixed) {
    return el('div', { class: 'row', 'data-key': keyOf(ctx.file, path) }, value.map((v, i) => el('div', { class: 'field' }, renderValue(ctx, items, v, path.concat([i]), i))));
  }
  const box = el('div', { class: 'list', 'data-key': keyOf(ctx.file, path) });
  value.forEach((v, i) => {
    const p = path.concat([i]);
    const move = (to) => send({ op: 'move', file: ctx.file, path, from: i, to });
    box.append(el('div', { class: 'entry', 'data-key': keyOf(ctx.file, p) },
      el('span', { class: 'entry-num', text: (i + 1) + '.' }),
      el('div', { class: 'entry-body' }, renderValue(ctx, items, v, p, i)),
      el('div', { class: 'entry-tools' },
        el('button', { type: 'button', class: 'btn ghost', title: 'Move up', disabled: i === 0, onclick: () => move(i - 1) }, '↑'),
        el('button', { type: 'button', class: 'btn ghost', title: 'Move down', disabled: i === value.length - 1, onclick: () => move(i + 1) }, '↓'),
        el('button', { type: 'button', class: 'btn ghost danger', title: 'Remove', onclick: () => send({ op: 'remove', file: ctx.file, path: p }) }, '✕'))));
  });
  box.append(el('div', { class: 'add-row' }, el('button', {
    type: 'button', class: 'btn small',
    onclick: () => send({ op: 'insert', file: ctx.file, path, index: value.length, value: defaultFor(ctx.root, items) }),
  }, '+ Add ' + singular(name))));
  return box;
}

function singular(name) {
  const words = { paragraphs: 'a paragraph', specific: 'an objective', outputs: 'an output', categories: 'a category', closing: 'a paragraph', organizers: 'an organizer', speakers: 'a speaker', parts: 'a part', list: 'an entry', description: 'a paragraph', items: 'an item', documents: 'a document', issuer: 'a line', days: 'a day' };
  return words[name] || 'an entry';
}

// ------------------------------------------------------------------ sections

function renderSection() {
  const editor = $('editor');
  const focus = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  const sel = focus && document.activeElement.selectionStart !== undefined ? [document.activeElement.selectionStart, document.activeElement.selectionEnd] : null;
  const scroll = editor.scrollTop;
  editor.replaceChildren();
  const f = S.files[S.section];
  if (!f) return;
  editor.append(el('h1', { text: f.title }), el('p', { class: 'lede', text: f.id }), el('div', { class: 'file-msgs' }));
  if (f.problem) {
    editor.append(el('div', { class: 'msg error' }, 'This file cannot be edited here: ' + f.problem.message + (f.problem.location ? ' (' + f.problem.location + ')' : ''),
      f.problem.help ? el('span', { class: 'help', text: f.problem.help }) : null),
    el('p', {}, el('button', { type: 'button', class: 'btn', onclick: () => reload([f.id]) }, 'Reload from disk')));
    return;
  }
  const ctx = { file: f.id, root: S.schemas[f.type] };
  if (f.type === 'programme') renderProgramme(ctx, f, editor);
  else editor.append(el('div', { class: 'card' }, renderValue(ctx, ctx.root, f.value, [], null)));
  refreshNotes();
  placeDiagnostics();
  editor.scrollTop = scroll;
  if (focus) {
    const e = editor.querySelector(`[data-key="${CSS.escape(focus)}"]`);
    if (e) {
      e.focus({ preventScroll: true });
      if (sel && e.setSelectionRange) try { e.setSelectionRange(sel[0], sel[1]); } catch (_) { /* not a text field */ }
    }
  }
}

const KINDS = [
  { value: 'session', label: 'Session' },
  { value: 'break', label: 'Break' },
  { value: 'logistics', label: 'Logistics' },
];

function renderProgramme(ctx, f, editor) {
  const v = f.value;
  const root = ctx.root;
  const head = el('div', { class: 'card' },
    el('div', { class: 'field' }, el('label', { text: 'Title of the programme' }), renderValue(ctx, root.properties.heading, v.heading, ['heading'], 'heading')));
  if (v.columns) head.append(el('div', { class: 'field' }, el('div', { class: 'label', text: 'Column headings' }), renderValue(ctx, root.properties.columns, v.columns, ['columns'], 'columns')));
  editor.append(head);
  (v.days || []).forEach((day, d) => editor.append(renderDay(ctx, f, day, d)));
  editor.append(el('div', { class: 'add-row' }, el('button', { type: 'button', class: 'btn', onclick: () => send({ op: 'add_day', file: f.id }) }, '+ Add a day')));
}

function renderDay(ctx, f, day, d) {
  const file = f.id;
  const facts = (S.facts[file] && S.facts[file].days[d]) || [];
  const wrap = el('section', { class: 'day', 'data-key': keyOf(file, ['days', d]) });
  wrap.append(el('div', { class: 'day-head' },
    el('h2', { text: 'Day ' + (d + 1) }),
    dateInput(file, ['days', d, 'date'], day.date, 'Date of day ' + (d + 1)),
    el('span', { class: 'spacer' }),
    (f.value.days.length > 1) ? el('button', { type: 'button', class: 'btn small danger', onclick: () => { if (confirm('Remove day ' + (d + 1) + ' and all its items?')) send({ op: 'remove_day', file, day: d }); } }, 'Remove day') : null));
  const table = el('table', { class: 'timetable', 'data-key': keyOf(file, ['days', d, 'items']) });
  table.append(el('thead', {}, el('tr', {},
    el('th', { text: '#' }), el('th', { text: 'Time' }), el('th', { text: 'Item' }), el('th', {}))));
  const body = el('tbody');
  const items = day.items || [];
  items.forEach((item, i) => {
    const p = ['days', d, 'items', i];
    const fact = facts[i];
    const key = keyOf(file, p);
    const open = S.expanded.has(key);
    const len = el('input', { type: 'number', class: 'minutes', min: 1, 'data-key': keyOf(file, p.concat(['minutes'])), 'data-fact': JSON.stringify([file, d, i]), 'aria-label': 'Length of item ' + (i + 1) + ' in minutes' });
    len.value = fact ? fact.minutes : '';
    len.addEventListener('change', async () => {
      const n = parseInt(len.value, 10);
      if (isNaN(n)) { refreshFacts(); return; }
      await flush();
      send({ op: 'duration', file, day: d, item: i, minutes: n });
    });
    const summary = el('div', { class: 'summary' });
    const nSpeakers = (item.speakers || []).length, nParts = (item.parts || []).length, nDesc = (item.description || []).length;
    const bits = [];
    if (nDesc) bits.push(nDesc === 1 ? '1 paragraph' : nDesc + ' paragraphs');
    if (nSpeakers) bits.push(nSpeakers === 1 ? '1 speaker' : nSpeakers + ' speakers');
    if (nParts) bits.push(nParts === 1 ? '1 part' : nParts + ' parts');
    summary.append(el('button', {
      type: 'button', class: 'link', 'aria-expanded': open ? 'true' : 'false',
      onclick: () => { if (open) S.expanded.delete(key); else S.expanded.add(key); renderSection(); },
    }, (open ? '▾ Hide details' : '▸ Details') + (bits.length ? ' · ' + bits.join(', ') : '')));
    summary.append(el('span', { 'data-fact': JSON.stringify([file, d, i]) }, ...partsSum(fact)));
    const tr = el('tr', { class: 'item ' + (item.kind || ''), 'data-key': key },
      el('td', { class: 'n', text: i + 1 }),
      el('td', { class: 'when' },
        el('div', { class: 'times' },
          timeInput(file, p.concat(['start']), item.start, 'Start of item ' + (i + 1)),
          el('span', { class: 'dash', text: '–' }),
          timeInput(file, p.concat(['end']), item.end, 'End of item ' + (i + 1))),
        el('div', { class: 'len' }, len, el('span', { class: 'unit', text: 'min' }),
          selectInput(file, p.concat(['kind']), item.kind, KINDS, 'Kind of item ' + (i + 1)))),
      el('td', { class: 'title-cell' }, textInput(file, p.concat(['title']), item.title, { multiline: true, label: 'Title of item ' + (i + 1) }), summary),
      el('td', { class: 'row-tools' },
        el('button', { type: 'button', class: 'btn ghost', title: 'Move this item and every item after it…', 'data-action': 'shift', onclick: () => { S.shiftOpen = S.shiftOpen === key ? null : key; renderSection(); } }, '⇵'),
        el('button', { type: 'button', class: 'btn ghost', title: 'Move up (times follow)', disabled: i === 0, onclick: () => send({ op: 'move_item', file, day: d, from: i, to: i - 1 }) }, '↑'),
        el('button', { type: 'button', class: 'btn ghost', title: 'Move down (times follow)', disabled: i === items.length - 1, onclick: () => send({ op: 'move_item', file, day: d, from: i, to: i + 1 }) }, '↓'),
        el('button', { type: 'button', class: 'btn ghost', title: 'Insert a new item after this one (the items after it move later)', onclick: () => send({ op: 'insert_item', file, day: d, at: i + 1 }) }, '+'),
        el('button', { type: 'button', class: 'btn ghost danger', title: 'Delete this item', onclick: () => send({ op: 'delete_item', file, day: d, at: i }) }, '✕')));
    body.append(tr);
    const msgrow = el('tr', { class: 'msgrow' }, el('td', { colspan: 4 }));
    msgrow.hidden = true;
    body.append(msgrow);
    if (S.shiftOpen === key) {
      const minutes = el('input', { type: 'number', value: 15, step: 5, 'aria-label': 'Minutes to move by', id: 'shift-minutes' });
      const go = (sign) => { const n = parseInt(minutes.value, 10); if (!isNaN(n) && n) { S.shiftOpen = null; flush().then(() => send({ op: 'shift', file, day: d, item: i, minutes: sign * n })); } };
      msgrow.hidden = false;
      msgrow.firstChild.append(el('div', { class: 'shift-box' },
        'Move “' + String(item.title).slice(0, 50) + '” and the ' + (items.length - i - 1) + ' items after it by', minutes, 'minutes',
        el('button', { type: 'button', class: 'btn small', 'data-action': 'shift-earlier', onclick: () => go(-1) }, 'Earlier'),
        el('button', { type: 'button', class: 'btn small primary', 'data-action': 'shift-later', onclick: () => go(1) }, 'Later'),
        el('button', { type: 'button', class: 'link', onclick: () => { S.shiftOpen = null; renderSection(); } }, 'Cancel')));
    }
    if (open) body.append(el('tr', { class: 'details' }, el('td', { colspan: 4 }, renderDetails(ctx, item, p))));
  });
  table.append(body);
  wrap.append(table);
  if (!items.length) wrap.append(el('button', { type: 'button', class: 'btn', onclick: () => send({ op: 'insert_item', file, day: d, at: 0 }) }, '+ Add an item'));
  return wrap;
}

// Description, speakers and parts of an item, edited in place.
function renderDetails(ctx, item, p) {
  const file = ctx.file;
  const itemSchema = resolve(ctx.root, ctx.root.$defs.Item);
  const box = el('div');
  box.append(el('div', { class: 'detail-block' }, el('div', { class: 'label', text: 'Description' }),
    renderArray(ctx, itemSchema.properties.description, item.description || [], p.concat(['description']), 'description')));
  const speakers = item.speakers || [];
  const sp = el('div', { class: 'list speakers', 'data-key': keyOf(file, p.concat(['speakers'])) });
  speakers.forEach((s, k) => {
    const sp_ = p.concat(['speakers', k]);
    // An optional field: emptied, it is removed (not kept as empty text).
    const opt = (field, placeholder) => {
      const path = sp_.concat([field]);
      const e = el('input', { type: 'text', placeholder, 'data-key': keyOf(file, path), 'aria-label': placeholder + ' of speaker ' + (k + 1) });
      e.value = s[field] || '';
      e.addEventListener('input', () => {
        const key = keyOf(file, path);
        if (e.value === '') {
          if (timers.has(key)) { clearTimeout(timers.get(key).t); timers.delete(key); }
          delete getAt(S.files[file].value, sp_)[field];
          send({ op: 'remove', file, path });
        } else {
          setLater(file, path, e.value);
        }
      });
      return e;
    };
    sp.append(el('div', { class: 'entry', 'data-key': keyOf(file, sp_) },
      el('span', { class: 'entry-num', text: (k + 1) + '.' }),
      el('div', { class: 'entry-body speaker' },
        textInput(file, sp_.concat(['name']), s.name, { placeholder: 'Name', label: 'Name of speaker ' + (k + 1) }),
        el('div', { class: 'row' },
          el('div', { class: 'field grow' }, opt('affiliation', 'Affiliation')),
          el('div', { class: 'field' }, opt('capacity', 'Capacity')))),
      el('div', { class: 'entry-tools' },
        el('button', { type: 'button', class: 'btn ghost', title: 'Move up', disabled: k === 0, onclick: () => send({ op: 'move', file, path: p.concat(['speakers']), from: k, to: k - 1 }) }, '↑'),
        el('button', { type: 'button', class: 'btn ghost danger', title: 'Remove speaker', onclick: () => send({ op: 'remove', file, path: sp_ }) }, '✕'))));
  });
  const addSpeaker = () => {
    if (item.speakers) send({ op: 'insert', file, path: p.concat(['speakers']), index: speakers.length, value: { name: '' } });
    else send({ op: 'set', file, path: p.concat(['speakers']), value: [{ name: '' }] });
  };
  sp.append(el('div', { class: 'add-row' }, el('button', { type: 'button', class: 'btn small', 'data-action': 'add-speaker', onclick: addSpeaker }, '+ Add a speaker')));
  box.append(el('div', { class: 'detail-block' }, el('div', { class: 'label', text: 'Speakers' }), sp));
  const parts = item.parts || [];
  const pt = el('div', { class: 'list parts', 'data-key': keyOf(file, p.concat(['parts'])) });
  parts.forEach((part, k) => {
    const pp = p.concat(['parts', k]);
    const minutes = el('input', { type: 'number', class: 'minutes', min: 1, 'data-key': keyOf(file, pp.concat(['minutes'])), 'aria-label': 'Minutes of part ' + (k + 1) });
    minutes.value = part.minutes;
    minutes.addEventListener('input', () => setLater(file, pp.concat(['minutes']), minutes.value === '' ? null : Number(minutes.value)));
    const partSchema = resolve(ctx.root, ctx.root.$defs.Part);
    pt.append(el('div', { class: 'entry sub', 'data-key': keyOf(file, pp) },
      el('span', { class: 'entry-num', text: (k + 1) + '.' }),
      el('div', { class: 'entry-body' },
        el('div', { class: 'row' },
          el('div', { class: 'field' }, textInput(file, pp.concat(['title']), part.title, { placeholder: 'Title of the part', label: 'Title of part ' + (k + 1) })),
          el('div', { class: 'field', style: 'flex:none' }, minutes, el('span', { class: 'unit', text: ' min' }))),
        el('div', { class: 'label hint', text: 'Listed under it (countries, panellists)' }),
        renderArray(ctx, partSchema.properties.list, part.list || [], pp.concat(['list']), 'list')),
      el('div', { class: 'entry-tools' },
        el('button', { type: 'button', class: 'btn ghost', title: 'Move up', disabled: k === 0, onclick: () => send({ op: 'move', file, path: p.concat(['parts']), from: k, to: k - 1 }) }, '↑'),
        el('button', { type: 'button', class: 'btn ghost danger', title: 'Remove part', onclick: () => send({ op: 'remove', file, path: pp }) }, '✕'))));
  });
  const addPart = () => {
    const v = { title: 'New part', minutes: 15 };
    if (item.parts) send({ op: 'insert', file, path: p.concat(['parts']), index: parts.length, value: v });
    else send({ op: 'set', file, path: p.concat(['parts']), value: [v] });
  };
  pt.append(el('div', { class: 'add-row' }, el('button', { type: 'button', class: 'btn small', onclick: addPart }, '+ Add a part')));
  box.append(el('div', { class: 'detail-block' }, el('div', { class: 'label', text: 'Timed parts' }), pt));
  return box;
}

// ------------------------------------------------------------------ preview

let pollCtrl = null;
function restartPreview() {
  S.seen = null;
  S.lastPreview = null;
  $('pages').replaceChildren();
  if (pollCtrl) pollCtrl.abort();
}

function markUpdating() {
  S.updating = true;
  renderPreviewStatus();
}

function renderPreviewStatus() {
  const st = $('preview-status');
  const p = S.lastPreview;
  if (!S.valid && S.errors) {
    st.className = 'preview-status stale';
    st.textContent = 'These pages show the last correct version. Fix the ' + (S.errors === 1 ? 'error' : S.errors + ' errors') + ' on the left to update them.';
  } else if (p && p.error) {
    st.className = 'preview-status failed';
    st.textContent = 'The pages could not be made: ' + p.error;
  } else if (S.updating || !p) {
    st.className = 'preview-status';
    st.textContent = 'Updating the pages…';
  } else {
    st.className = 'preview-status';
    const n = p.pages.length;
    st.textContent = n + (n === 1 ? ' page' : ' pages') + ' · up to date' + (p.ready_ms ? ' · updated in ' + (p.ready_ms < 1000 ? Math.round(p.ready_ms) + ' ms' : (p.ready_ms / 1000).toFixed(1) + ' s') : '');
  }
}

async function pollPreview() {
  for (;;) {
    const doc = S.doc;
    if (!doc) { await sleep(200); continue; }
    pollCtrl = new AbortController();
    let r;
    try {
      r = await fetch('/api/preview?doc=' + encodeURIComponent(doc) + (S.seen !== null ? '&seen=' + S.seen : ''), { signal: pollCtrl.signal });
    } catch (e) {
      if (!pollCtrl.signal.aborted) await sleep(1000);
      continue;
    }
    if (doc !== S.doc) continue;
    if (r.status === 200) {
      const d = await r.json();
      S.seen = d.revision;
      if (d.revision >= S.revision || !S.valid) S.updating = false;
      showPages(d);
    } else if (r.status !== 204) {
      await sleep(1000);
    }
  }
}

function showPages(d) {
  S.lastPreview = d;
  const pages = $('pages');
  if (!d.pages.length) {
    pages.replaceChildren(el('div', { class: 'empty', text: d.error ? 'No pages yet.' : 'The pages are being made…' }));
  } else if (pages.querySelector('.empty')) {
    pages.replaceChildren();
  }
  d.pages.forEach((pg, i) => {
    let sheet = pages.children[i];
    if (!sheet) {
      sheet = el('div', { class: 'sheet', 'data-page': pg.n },
        el('img', { alt: 'Page ' + pg.n, draggable: 'false' }),
        el('div', { class: 'textlayer', 'aria-hidden': 'false' }),
        el('span', { class: 'page-no', text: pg.n + ' / ' + d.pages.length }));
      pages.append(sheet);
    }
    sheet.style.aspectRatio = pg.width + ' / ' + pg.height;
    sheet.style.width = (S.zoom * 100) + '%';
    sheet.querySelector('.page-no').textContent = pg.n + ' / ' + d.pages.length;
    const img = sheet.querySelector('img');
    const src = '/api/page/' + encodeURIComponent(d.doc) + '/' + pg.n + '?v=' + pg.hash;
    if (sheet.dataset.hash !== pg.hash) {
      sheet.dataset.hash = pg.hash;
      const next = new Image();
      next.onload = () => { if (sheet.dataset.hash === pg.hash) img.src = src; };
      next.src = src;
      loadWords(d.doc, pg, sheet);
    }
  });
  while (pages.children.length > d.pages.length) pages.lastChild.remove();
  renderPreviewStatus();
}

async function loadWords(doc, pg, sheet) {
  const r = await fetch('/api/text/' + encodeURIComponent(doc) + '/' + pg.n);
  if (r.status !== 200) return;
  const t = await r.json();
  if (sheet.dataset.hash !== t.hash) return;
  const layer = sheet.querySelector('.textlayer');
  layer.replaceChildren(...t.words.map((w) => {
    const s = el('span', { text: w.text });
    s.style.left = (w.x / t.width * 100) + '%';
    s.style.top = (w.y / t.height * 100) + '%';
    s.style.width = (w.w / t.width * 100) + '%';
    s.style.height = (w.h / t.height * 100) + '%';
    s.style.fontSize = 'calc(' + (w.h / t.height * 100 * 0.86).toFixed(3) + 'cqh)';
    return s;
  }));
  sheet.dataset.words = t.hash;
}

function setZoom(z) {
  S.zoom = Math.max(0.5, Math.min(2, z));
  $('zoom-level').textContent = Math.round(S.zoom * 100) + '%';
  document.querySelectorAll('.sheet').forEach((s) => { s.style.width = (S.zoom * 100) + '%'; });
}

// ------------------------------------------------------------------ actions

async function save() {
  await flush();
  const r = await api('POST', '/api/save');
  const d = r.data || {};
  if (r.status === 200) {
    takeSummary(d);
    $('banner').hidden = true;
    renderChrome();
    const st = $('save-status');
    st.textContent = d.saved && d.saved.length ? 'Saved ' + d.saved.join(', ') : 'Nothing to save: all changes were saved';
    st.className = 'save-status saved';
  } else if (r.status === 409) {
    showBanner(d.message, 'error', [el('button', { type: 'button', class: 'btn small', onclick: () => reload(d.conflicts) }, 'Reload from disk')]);
  } else if (r.status === 422) {
    takeSummary(d);
    renderChrome();
    placeDiagnostics();
    showBanner(d.message, 'error', [el('button', { type: 'button', class: 'btn small', onclick: () => { $('problems-panel').hidden = false; } }, 'Show the problems')]);
  } else {
    showBanner(d.message || 'Not saved.', 'error');
  }
}

async function reload(files) {
  await flush();
  const r = await api('POST', '/api/reload', { files: files || [] });
  $('banner').hidden = true;
  afterChange(r);
  for (const f of r.data.changed || []) S.files[f.id] = f;
  S.changedOnDisk = [];
  renderSection();
}

async function history(which) {
  await flush();
  const r = await api('POST', '/api/' + which);
  if (r.status === 409) return;
  const d = r.data;
  takeSummary(d);
  for (const f of d.changed || []) S.files[f.id] = f;
  markUpdating();
  renderSection();
  renderChrome();
}

async function checkDisk() {
  const r = await api('GET', '/api/state');
  if (r.status !== 200) return;
  const changed = r.data.changed_on_disk || [];
  if (changed.length && !same(changed, S.changedOnDisk)) {
    S.changedOnDisk = changed;
    showBanner(changed.join(', ') + (changed.length === 1 ? ' was' : ' were') + ' changed on disk (in another program) since the editor read ' + (changed.length === 1 ? 'it' : 'them') + '.', 'warn',
      [el('button', { type: 'button', class: 'btn small', onclick: () => reload(changed) }, 'Reload from disk')]);
  }
}

function downloadMenu() {
  const m = $('download-menu');
  m.replaceChildren();
  if (!S.valid) {
    m.append(el('div', { class: 'menu-note', text: 'Fix the errors to download the documents.' }));
    return;
  }
  m.append(el('div', { class: 'menu-head', text: 'Documents' }));
  for (const d of S.documents) {
    const id = encodeURIComponent(d.id);
    m.append(el('div', { class: 'menu-note', text: d.label }),
      el('a', { href: '/api/download/' + id + '/docx', download: '' }, 'Word (DOCX)'),
      el('a', { href: '/api/download/' + id + '/pdf', download: '' }, 'PDF'));
  }
  if (S.kind === 'set') {
    m.append(el('div', { class: 'menu-head', text: 'The set' }),
      el('a', { href: '/api/set/bundle.zip', download: '' }, 'Bundle (ZIP of every document)'),
      el('a', { href: '/api/set/changes.md', download: '' }, 'Changes since the last bundle'));
  }
}

function render() {
  renderChrome();
  renderSection();
}

async function start() {
  if (!(await loadState())) return;
  $('undo').addEventListener('click', () => history('undo'));
  $('redo').addEventListener('click', () => history('redo'));
  $('save').addEventListener('click', save);
  $('problems').addEventListener('click', () => { $('problems-panel').hidden = !$('problems-panel').hidden; });
  $('problems-close').addEventListener('click', () => { $('problems-panel').hidden = true; });
  $('zoom-in').addEventListener('click', () => setZoom(S.zoom + 0.1));
  $('zoom-out').addEventListener('click', () => setZoom(S.zoom - 0.1));
  $('download-button').addEventListener('click', (e) => {
    e.stopPropagation();
    const m = $('download-menu');
    if (m.hidden) downloadMenu();
    m.hidden = !m.hidden;
    $('download-button').setAttribute('aria-expanded', String(!m.hidden));
  });
  document.addEventListener('click', (e) => { if (!e.target.closest('.menu-wrap')) $('download-menu').hidden = true; });
  document.addEventListener('keydown', (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 's') { e.preventDefault(); save(); return; }
    const inField = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (mod && !inField && e.key.toLowerCase() === 'z') { e.preventDefault(); history(e.shiftKey ? 'redo' : 'undo'); }
    if (mod && !inField && e.key.toLowerCase() === 'y') { e.preventDefault(); history('redo'); }
    if (e.key === 'Escape') { $('problems-panel').hidden = true; $('download-menu').hidden = true; }
  });
  window.addEventListener('focus', checkDisk);
  render();
  pollPreview();
}

start();
