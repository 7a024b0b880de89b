// Renders /api/openapi.json: operations grouped by tag, each with its
// parameters, request body and responses, and $refs resolved for reading.
(async function () {
  const main = document.getElementById('ops');
  const doc = await (await fetch('/api/openapi.json')).json();
  const resolve = (v, depth) => {
    if (depth > 6 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(x => resolve(x, depth + 1));
    if (typeof v.$ref === 'string') {
      const parts = v.$ref.replace('#/', '').split('/');
      let t = doc;
      for (const p of parts) t = t && t[p];
      return Object.assign({ title: parts[parts.length - 1] }, resolve(t, depth + 1));
    }
    const out = {};
    for (const k in v) out[k] = resolve(v[k], depth + 1);
    return out;
  };
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  const groups = {};
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== 'object' || !op) continue;
      const tag = (op.tags && op.tags[0]) || 'other';
      (groups[tag] = groups[tag] || []).push({ path, method, op });
    }
  }
  const render = (filter) => {
    main.textContent = '';
    for (const tag of Object.keys(groups).sort()) {
      const ops = groups[tag].filter(o => !filter || (o.path + ' ' + tag + ' ' + (o.op.summary || '')).toLowerCase().includes(filter));
      if (!ops.length) continue;
      main.appendChild(el('h2', '', tag));
      for (const { path, method, op } of ops) {
        const d = el('details');
        const s = el('summary');
        s.appendChild(el('span', 'method ' + method, method));
        s.appendChild(el('code', '', path));
        if (op.summary) s.appendChild(el('span', '', ' — ' + op.summary));
        if (Array.isArray(op.security) && op.security.length === 0) s.appendChild(el('span', 'public', 'public'));
        d.appendChild(s);
        const body = el('div', 'body');
        if (op.description) body.appendChild(el('p', '', op.description));
        const show = (title, v) => { if (v === undefined) return; body.appendChild(el('h4', '', title)); body.appendChild(el('pre', '', JSON.stringify(resolve(v, 0), null, 2))); };
        show('Parameters', op.parameters);
        show('Request body', op.requestBody);
        show('Responses', op.responses);
        d.appendChild(body);
        main.appendChild(d);
      }
    }
  };
  render('');
  document.getElementById('filter').addEventListener('input', e => render(e.target.value.toLowerCase()));
})();
