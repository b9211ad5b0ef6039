// gongkai's fast module (www/pkg/gongkai_bg.fast.wasm: rules on the lowered evaluator, as
// natively, instead of rhai's AST walker) with the same bench packs as engines/gongkai.mjs.

import { benchPacks } from './gongkai.mjs';

export default benchPacks({
  name: 'gongkai-fast', label: 'gongkai (fast wasm module, bench packs)', wasm: '../www/pkg/gongkai_bg.fast.wasm', evaluator: 'lowered',
});
