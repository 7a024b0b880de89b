// Copies htmx's prebuilt, minified browser bundle (as pinned in
// package-lock.json and installed by `npm ci`) into the console's embedded
// assets, with its license beside it. Run by `go generate
// ./internal/console`; the output is committed, so a build needs neither
// npm nor the network.
//
// usage: node vendor.mjs <output directory>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = process.argv[2];
if (!out) {
  console.error('usage: node vendor.mjs <output directory>');
  process.exit(2);
}
const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', 'htmx.org');
if (!fs.existsSync(pkg)) {
  console.error(`${pkg} is missing: run npm ci in web/console first`);
  process.exit(1);
}
const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
fs.copyFileSync(path.join(pkg, 'dist', 'htmx.min.js'), path.join(out, 'htmx.min.js'));
fs.copyFileSync(path.join(pkg, 'LICENSE'), path.join(out, 'LICENSE'));
fs.writeFileSync(path.join(out, 'VERSION'), version + '\n');
