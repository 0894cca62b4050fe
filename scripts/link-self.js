// Makes `require('ecomlab')` resolve to this project from anywhere below it (notebooks included).
// tslab compiles each notebook with rootDir = the notebook's folder, so `import '../lib/x.ts'` fails
// ("not under rootDir", tslab issue #63); importing the compiled package by name works.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const link = path.join(root, 'node_modules', 'ecomlab');
// The package's `bin` (dist/cli/ecomlab.js) must be executable.
const bin = path.join(root, 'dist', 'cli', 'ecomlab.js');
if (fs.existsSync(bin)) fs.chmodSync(bin, 0o755);
try {
  const stat = fs.lstatSync(link);
  if (stat.isSymbolicLink() && fs.realpathSync(link) === root) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // no link yet
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root), link, 'dir');
