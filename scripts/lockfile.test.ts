/**
 * `npm ci` installs from the lock file only when every dependency the lock's packages declare
 * (optional ones included, even those that can never install on this platform) has an entry in it.
 * `npm install` on a registry that lacks some optional platform packages (here: @tarojs/binding's
 * darwin/win32/arm64 builds, NutUI's usage-stats tool) leaves them out, and `npm ci` then refuses the
 * whole lock. This test finds such holes without the network; CI installs with `npm ci`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockPackage {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  os?: string[];
  cpu?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Where npm would find `name` for the package at `location`: its own node_modules, then each ancestor's. */
function resolves(packages: Record<string, LockPackage>, location: string, name: string): boolean {
  let base = location;
  for (;;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    if (!base) return false;
    const i = base.lastIndexOf('/node_modules/');
    base = i === -1 ? '' : base.slice(0, i);
  }
}

it('every dependency declared in package-lock.json has an entry npm ci can find', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const root = lock.packages[''];
  const missing: string[] = [];
  for (const [location, pkg] of Object.entries(lock.packages)) {
    const deps = { ...pkg.dependencies, ...pkg.optionalDependencies, ...(location === '' ? root.devDependencies : {}) };
    for (const name of Object.keys(deps)) if (!resolves(lock.packages, location, name)) missing.push(`${location || '(root)'} → ${name}`);
  }
  expect(missing).toEqual([]);
});

it('the lock names the same dependencies as package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8'));
  expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
  expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
});

// `npm install` rewrites the hand-kept entries for packages this registry lacks and drops their `resolved`:
// an entry with neither `resolved` nor `integrity` that no os/cpu rule skips is "Missing" to `npm ci`.
it('every lock entry npm ci must fetch says where from (resolved or integrity), unless os/cpu skip it', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const unfetchable = Object.entries(lock.packages)
    .filter(([location, p]) => location !== '' && !p.link && !p.resolved && !p.integrity && !p.os && !p.cpu)
    .map(([location]) => location);
  expect(unfetchable).toEqual([]);
});
