// Starts GraphiQL (loaded by graphiql.html from this server) on /graphql.
// Requests carry the headers of GraphiQL's headers editor: paste the
// accessToken of the login mutation into its Authorization header. While
// that header still holds the placeholder it is left out, so login and
// refresh run without a credential. The schema (docs, completion) needs a
// credential too: when an operation runs with another Authorization than
// the schema was fetched with, the schema is fetched again.
'use strict';
(function () {
  const placeholder = /^Bearer\s*(<[^>]*>)?$/i;
  const post = GraphiQL.createFetcher({ url: '/graphql' });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  let schemaAuth = null; // the Authorization the schema was fetched with

  // A new fetcher makes GraphiQL fetch the schema again; the editors keep
  // their text.
  const newFetcher = function () {
    return function (params, opts) {
      const headers = Object.assign({}, opts && opts.headers);
      let auth = '';
      for (const name of Object.keys(headers)) {
        if (name.toLowerCase() !== 'authorization') continue;
        if (placeholder.test(String(headers[name]).trim())) delete headers[name];
        else auth = String(headers[name]);
      }
      if (params.operationName === 'IntrospectionQuery') {
        schemaAuth = auth;
      } else if (schemaAuth !== null && auth !== schemaAuth) {
        schemaAuth = auth;
        setTimeout(render, 0);
      }
      return post(params, Object.assign({}, opts, { headers: headers }));
    };
  };

  const defaultQuery = [
    '# Vextrus: every service\'s subgraph behind one endpoint.',
    '#',
    '# 1. Run Login (the dev stack seeds tenant "demo", owner admin@demo.local).',
    '# 2. Copy its accessToken into the Authorization header below (Headers).',
    '# 3. Run Me. The schema is then fetched as you: docs (book icon) and',
    '#    completion (Ctrl-Space) cover the whole graph.',
    '',
    'mutation Login {',
    '  login(input: { tenant: "demo", email: "admin@demo.local", password: "vextrus-dev" }) {',
    '    accessToken',
    '    expiresIn',
    '  }',
    '}',
    '',
    'query Me {',
    '  me { id email name tenant { id name } }',
    '}',
    '',
  ].join('\n');

  const render = function () {
    root.render(React.createElement(GraphiQL, {
      fetcher: newFetcher(),
      defaultQuery: defaultQuery,
      defaultHeaders: JSON.stringify({ Authorization: 'Bearer <accessToken from the login mutation>' }, null, 2),
      defaultEditorToolsVisibility: 'headers',
    }));
  };
  render();
})();
