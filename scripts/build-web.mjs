// Builds the static web app into dist/ (`make dist`).
//
// In: wasm-pack.toml (the Wasm build's settings), the crate, www/. Out: dist/ with
// index.html, app.js, worker.js, saved.js (the viewer inside a saved report), the Wasm,
// style.css and _headers, ready for any static host or for `pln-lens serve`, and
// dist/demos/ with the demo personas' archives and their index.json (docs/demos.md).
// Steps: cargo (wasm32) -> wasm-bindgen -> wasm-opt -> esbuild -> the CLI's own generator.
// Files in dist/ are rewritten only when their bytes change, so the CLI (which embeds
// dist/ but for its demos) is built once by `make serve`, not twice.
// Nothing is downloaded: every tool was installed by scripts/setup.sh.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
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

  // 3. and 4. take about two minutes (wasm-opt is a Node build), so they are skipped when
  //    the module cargo made and the settings are the same as last time (a stamp of both).
  const stamp = createHash('sha256').update(readFileSync(wasmIn)).update(JSON.stringify([config.build, config['wasm-opt']])).digest('hex');
  const stampFile = join(outDir, '.made-from');
  if (existsSync(wasmOut) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    console.error('> the Wasm module is unchanged: wasm-bindgen and wasm-opt skipped');
  } else {
    // 3. JS glue + a processed module.
    rmSync(outDir, { recursive: true, force: true });
    run('wasm-bindgen', ['--target', config.build.target, '--no-typescript', '--out-dir', outDir, wasmIn]);

    // 4. Smaller, faster Wasm with npm's wasm-opt (never Debian's, see wasm-pack.toml).
    if (config['wasm-opt'].enabled) {
      const wasmOpt = join(root, 'node_modules', 'binaryen', 'bin', 'wasm-opt');
      run(process.execPath, [wasmOpt, ...config['wasm-opt'].args, wasmOut, '-o', wasmOut]);
    }
    writeFileSync(stampFile, stamp);
  }
}

// 5. The site, built in a staging folder and then copied into dist/ file by file, only
//    where the bytes changed: the CLI embeds dist/ and is rebuilt when a file there
//    changes (build.rs), so an unchanged page must not look new to it.
const siteDir = join(root, 'target', 'web', 'site');
rmSync(siteDir, { recursive: true, force: true });
mkdirSync(siteDir, { recursive: true });
const pkgPlugin = {
  name: 'wasm-bindgen-pkg',
  setup(build) {
    build.onResolve({ filter: /\/pkg\/pln_lens\.js$/ }, () => ({ path: join(outDir, 'pln_lens.js') }));
  },
};
await esbuild.build({
  // saved.js is the viewer a saved report file carries inline (www/view/save.js).
  entryPoints: { app: join(root, 'www', 'app.js'), worker: join(root, 'www', 'worker.js'), saved: join(root, 'www', 'saved.js') },
  outdir: siteDir,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  plugins: [pkgPlugin],
  logLevel: 'warning',
});
copyFileSync(wasmOut, join(siteDir, 'pln_lens_bg.wasm'));
copyFileSync(join(root, 'www', 'style.css'), join(siteDir, 'style.css'));
copyFileSync(join(root, 'www', '_headers'), join(siteDir, '_headers'));
if (existsSync(join(root, 'www', 'assets'))) cpSync(join(root, 'www', 'assets'), join(siteDir, 'assets'), { recursive: true });

// The page's <meta> policy comes from the header rules, so there is one policy to edit.
// frame-ancestors is ignored in <meta>, so it is left out there.
const headers = readFileSync(join(root, 'www', '_headers'), 'utf8');
const csp = headers.match(/^\s+Content-Security-Policy:\s*(.+)$/m)[1].trim();
const metaCsp = csp.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors')).join('; ');
const html = readFileSync(join(root, 'www', 'index.html'), 'utf8').replace('%CSP%', metaCsp);
writeFileSync(join(siteDir, 'index.html'), html);
const changed = syncInto(siteDir, distDir, { keep: ['demos'] });
console.error(`dist/: ${changed.length ? changed.join(', ') : 'nothing'} changed`);

if (jsOnly) {
  console.error(`built ${distDir} (scripts and styles only)`);
  process.exit(0);
}

// 6. The demo archives, written by the project's own generator (`pln-lens demos`) in X's
//    real layout, with their anonymous summaries and an index the page can list. The CLI
//    is built here, as `make cli` builds it; it does not embed the demos (`pln-lens serve`
//    makes them in memory), so writing them does not make the next cargo build start again.
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
const demosStaged = join(root, 'target', 'web', 'demos');
rmSync(demosStaged, { recursive: true, force: true });
run(cliBin, ['demos', demosStaged]);
mkdirSync(join(distDir, 'demos'), { recursive: true });
syncInto(demosStaged, join(distDir, 'demos'));
console.error(`built ${distDir} (demos in demos/)`);

/**
 * Makes `to` hold exactly the files of `from` (but for the top-level names in `keep`),
 * writing only the files whose bytes differ. Returns the paths changed, relative to `to`.
 * @param {string} from
 * @param {string} to
 * @param {{ keep?: string[] }} [options]
 * @returns {string[]}
 */
function syncInto(from, to, { keep = [] } = {}) {
  mkdirSync(to, { recursive: true });
  const changed = [];
  const wanted = new Set(filesUnder(from));
  for (const name of wanted) {
    const source = readFileSync(join(from, name));
    const target = join(to, name);
    if (existsSync(target) && readFileSync(target).equals(source)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, source);
    changed.push(name);
  }
  for (const name of filesUnder(to)) {
    if (wanted.has(name) || keep.includes(name.split(sep)[0])) continue;
    rmSync(join(to, name));
    changed.push(`${name} (removed)`);
  }
  return changed;
}

/**
 * Every file below `dir`, as paths relative to it. (Names and `statSync` rather than
 * `Dirent.parentPath`, which Node 20 has only from 20.12.)
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dir, name)).isFile());
}
