// Builds the static web app into dist/ (`make dist`).
//
// In: wasm-pack.toml (the Wasm build's settings), the crate, www/. Out: dist/ with
// index.html, app.js, worker.js, the Wasm, style.css and _headers, ready for any static
// host or for `pln-lens serve`. Steps: cargo (wasm32) -> wasm-bindgen -> wasm-opt ->
// esbuild. Nothing is downloaded: every tool was installed by scripts/setup.sh.
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

// 1. The wasm-bindgen crate pin, the CLI on PATH and wasm-pack.toml must agree exactly, or
//    the generated glue does not match the module.
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
const wasmOut = join(outDir, 'pln_lens_bg.wasm');

// 4. Smaller, faster Wasm with npm's wasm-opt (never Debian's, see wasm-pack.toml).
if (config['wasm-opt'].enabled) {
  const wasmOpt = join(root, 'node_modules', 'binaryen', 'bin', 'wasm-opt');
  run(process.execPath, [wasmOpt, ...config['wasm-opt'].args, wasmOut, '-o', wasmOut]);
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
  entryPoints: { app: join(root, 'www', 'app.js'), worker: join(root, 'www', 'worker.js') },
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
console.error(`built ${distDir}`);
