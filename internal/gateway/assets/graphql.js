// A small GraphQL console for dev: posts the query with the token and
// shows the answer; "Schema" lists types through introspection (on in dev).
(function () {
  const $ = id => document.getElementById(id);
  const token = sessionStorage.getItem('vextrus.token');
  if (token) $('token').value = token;
  const post = async (query, variables) => {
    const headers = { 'Content-Type': 'application/json' };
    const t = $('token').value.trim();
    if (t) { headers.Authorization = 'Bearer ' + t.replace(/^Bearer\s+/i, ''); sessionStorage.setItem('vextrus.token', t); }
    const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return res.json();
  };
  const run = async () => {
    let vars = {};
    try { vars = JSON.parse($('variables').value || '{}'); } catch (e) { $('result').textContent = 'variables: ' + e.message; return; }
    const out = await post($('query').value, vars);
    const login = out && out.data && out.data.login;
    if (login && login.accessToken) $('token').value = login.accessToken;
    $('result').textContent = JSON.stringify(out, null, 2);
  };
  $('run').addEventListener('click', run);
  $('query').addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
  $('schema').addEventListener('click', async () => {
    const out = await post('{ __schema { types { name kind fields { name type { name kind ofType { name kind ofType { name } } } } } } }', {});
    if (!out.data) { $('result').textContent = JSON.stringify(out, null, 2); return; }
    const lines = [];
    const typeName = t => t ? (t.name || (t.kind === 'NON_NULL' ? typeName(t.ofType) + '!' : '[' + typeName(t.ofType) + ']')) : '?';
    for (const t of out.data.__schema.types) {
      if (t.name.startsWith('__') || !t.fields) continue;
      lines.push('type ' + t.name + ' {');
      for (const f of t.fields) lines.push('  ' + f.name + ': ' + typeName(f.type));
      lines.push('}');
    }
    $('result').textContent = lines.join('\n');
  });
})();
