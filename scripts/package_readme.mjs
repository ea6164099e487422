// npm always packs the README.md at the package root; the package's own README (what a user of
// `npm install tensorpad` needs) is docs/package/README.md, the repository's README is for
// building tensorpad. `npm pack`/`npm publish` run this as prepack (`in`: the package README
// takes README.md's place, the repository's waits in build/) and postpack (`out`: put back).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.join(repo, 'README.md');
const packageReadme = path.join(repo, 'docs/package/README.md');
const saved = path.join(repo, 'build/README.repository.md');

const step = process.argv[2];
if (step === 'in') {
  // A pack that failed before postpack leaves the package README in place: keep the saved copy.
  if (!fs.existsSync(saved)) {
    fs.mkdirSync(path.dirname(saved), { recursive: true });
    fs.copyFileSync(readme, saved);
  }
  fs.copyFileSync(packageReadme, readme);
} else if (step === 'out') {
  if (fs.existsSync(saved)) {
    fs.copyFileSync(saved, readme);
    fs.rmSync(saved);
  }
} else {
  throw new Error("package_readme: expected 'in' or 'out'");
}
