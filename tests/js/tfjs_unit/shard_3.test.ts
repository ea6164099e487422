// TF.js's unit tests on tensorpad, share 3 of 4 (see README.md in this folder).
import { loadSpecs } from './load_specs.js';

await loadSpecs(3, 4);
