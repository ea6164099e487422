// TF.js's unit tests on tensorpad, share 0 of 4 (see README.md in this folder).
import { loadSpecs } from './load_specs.js';

await loadSpecs(0, 4);
