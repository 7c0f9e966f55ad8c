// Builds the static web app into dist/ (`make dist`).
//
// In: wasm-pack.toml (the Wasm build's settings), the crate, www/. Out: dist/ with
// index.html, app.js, worker.js, saved.js (the viewer inside a saved report), the Wasm,
// style.css and _headers, ready for any static host or for `pln-lens serve`, and
// dist/demos/ with the demo personas' archives and their index.json (docs/demos.md).
// Steps: cargo (wasm32) -> wasm-bindgen -> wasm-opt -> esbuild -> the CLI's own generator.
// Nothing is downloaded: every tool was installed by scripts/setup.sh.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = parse(readFileSync(join(root, 'wasm-pack.toml'), 'utf8'));
const outDir = join(root, config.build['out-dir']);
const distDir = join(root, config.build['dist-dir']);
const profile = config.build.profile;

function run(cmd, args, opts = {}) {
  console.error(`> ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
}

// `--js-only` (for working on the page): reuse the Wasm and the demos of the last full
// build, and rebuild only the page's scripts and styles.
const jsOnly = process.argv.includes('--js-only') && existsSync(join(outDir, 'pln_lens_bg.wasm'));
const wasmOut = join(outDir, 'pln_lens_bg.wasm');
const demosKept = join(root, 'target', 'web', 'demos-kept');
if (jsOnly && existsSync(join(distDir, 'demos'))) {
  rmSync(demosKept, { recursive: true, force: true });
  cpSync(join(distDir, 'demos'), demosKept, { recursive: true });
}

// 1. The wasm-bindgen crate pin, the CLI on PATH and wasm-pack.toml must agree exactly, or
//    the generated glue does not match the module.
if (!jsOnly) {
  const wanted = config.versions['wasm-bindgen'];
  const cargoToml = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const pin = cargoToml.match(/^wasm-bindgen\s*=\s*"=([^"]+)"/m);
  if (!pin || pin[1] !== wanted) {
    throw new Error(`Cargo.toml must pin wasm-bindgen = "=${wanted}" (wasm-pack.toml); found ${pin ? pin[1] : 'no = pin'}`);
  }
  const cli = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim();
  if (!cli.endsWith(` ${wanted}`)) {
    throw new Error(`wasm-bindgen CLI is "${cli}", need ${wanted}: run scripts/setup.sh`);
  }

  // 2. The core for wasm32, without the CLI's dependencies.
  run('cargo', ['build', '--lib', '--target', 'wasm32-unknown-unknown', '--profile', profile, '--no-default-features']);
  const wasmIn = join(root, 'target', 'wasm32-unknown-unknown', profile, 'pln_lens.wasm');

  // 3. JS glue + a processed module.
  rmSync(outDir, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', config.build.target, '--no-typescript', '--out-dir', outDir, wasmIn]);

  // 4. Smaller, faster Wasm with npm's wasm-opt (never Debian's, see wasm-pack.toml).
  if (config['wasm-opt'].enabled) {
    const wasmOpt = join(root, 'node_modules', 'binaryen', 'bin', 'wasm-opt');
    run(process.execPath, [wasmOpt, ...config['wasm-opt'].args, wasmOut, '-o', wasmOut]);
  }
}

// 5. The site.
rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
const pkgPlugin = {
  name: 'wasm-bindgen-pkg',
  setup(build) {
    build.onResolve({ filter: /\/pkg\/pln_lens\.js$/ }, () => ({ path: join(outDir, 'pln_lens.js') }));
  },
};
await esbuild.build({
  // saved.js is the viewer a saved report file carries inline (www/view/save.js).
  entryPoints: { app: join(root, 'www', 'app.js'), worker: join(root, 'www', 'worker.js'), saved: join(root, 'www', 'saved.js') },
  outdir: distDir,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  plugins: [pkgPlugin],
  logLevel: 'warning',
});
copyFileSync(wasmOut, join(distDir, 'pln_lens_bg.wasm'));
copyFileSync(join(root, 'www', 'style.css'), join(distDir, 'style.css'));
copyFileSync(join(root, 'www', '_headers'), join(distDir, '_headers'));
if (existsSync(join(root, 'www', 'assets'))) cpSync(join(root, 'www', 'assets'), join(distDir, 'assets'), { recursive: true });

// The page's <meta> policy comes from the header rules, so there is one policy to edit.
// frame-ancestors is ignored in <meta>, so it is left out there.
const headers = readFileSync(join(root, 'www', '_headers'), 'utf8');
const csp = headers.match(/^\s+Content-Security-Policy:\s*(.+)$/m)[1].trim();
const metaCsp = csp.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors')).join('; ');
const html = readFileSync(join(root, 'www', 'index.html'), 'utf8').replace('%CSP%', metaCsp);
writeFileSync(join(distDir, 'index.html'), html);

if (jsOnly) {
  if (existsSync(demosKept)) cpSync(demosKept, join(distDir, 'demos'), { recursive: true });
  console.error(`built ${distDir} (scripts and styles only)`);
  process.exit(0);
}

// 6. The demo archives, written by the project's own generator (`pln-lens generate
//    --persona`) in X's real layout, with an index the page can list. The CLI is built
//    once, as `make cli` builds it, and then run directly: writing into dist/ makes
//    build.rs rebuild the CLI on the next cargo command, so that a later
//    `cargo build --release` embeds the demos too (scripts/test.sh does that next).
console.error('> cargo build --release --locked --bin pln-lens');
const built = execFileSync(
  'cargo',
  ['build', '--release', '--locked', '--bin', 'pln-lens', '--message-format=json-render-diagnostics'],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 },
);
const cliBin = built
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line))
  .filter((m) => m.reason === 'compiler-artifact' && m.target?.name === 'pln-lens' && m.executable)
  .map((m) => m.executable)
  .pop();
if (!cliBin) throw new Error('cargo built no pln-lens executable');
const demosDir = join(distDir, 'demos');
mkdirSync(demosDir, { recursive: true });
const personas = JSON.parse(execFileSync(cliBin, ['generate', '--list-personas'], { cwd: root, encoding: 'utf8' }));
for (const p of personas) {
  if (!/^[a-z0-9-]+\.zip$/.test(p.file)) throw new Error(`unexpected demo file name ${p.file}`);
  run(cliBin, ['generate', join(demosDir, p.file), '--persona', p.id]);
  // Its anonymous summary, under its id as pseudonym, for the page's demo class view.
  run(cliBin, ['summary', join(demosDir, p.file), '-o', join(demosDir, `${p.id}.summary.json`), '--pseudonym', p.title]);
}
const index = personas.map(({ id, title, description, look_for, file }) => ({ id, title, description, look_for, file, summary: `${id}.summary.json` }));
writeFileSync(join(demosDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
console.error(`built ${distDir} (${personas.length} demo archives in demos/)`);
