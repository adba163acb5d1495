// Compiles Typst files to PDF in one process: the Typst peer of the notice benchmark
// (bench/notices.py). Typst has no Debian package; its compiler comes from npm
// (@myriaddreamin/typst-ts-node-compiler, a prebuilt NAPI binding of the Typst compiler),
// installed outside the repository and named by BENCH_TYPST_NODE (its node_modules folder).
//
// usage: BENCH_TYPST_NODE=DIR node typst_notices.js FONT_DIR OUT_DIR FILE.typ...
//        BENCH_TYPST_NODE=DIR node typst_notices.js --version
// FONT_DIR holds the fonts the notices name (the Noto CJK faces, Liberation Serif); each
// FILE.typ becomes OUT_DIR/FILE.pdf. Exits 1 on the first file that does not compile.
'use strict';
const fs = require('fs');
const path = require('path');

function loadCompiler() {
  const dir = process.env.BENCH_TYPST_NODE;
  if (!dir) {
    console.error('BENCH_TYPST_NODE is not set (the node_modules holding ' +
                  '@myriaddreamin/typst-ts-node-compiler)');
    process.exit(2);
  }
  return require(path.join(dir, '@myriaddreamin', 'typst-ts-node-compiler')).NodeCompiler;
}

function compileAll(NodeCompiler, fontDir, outDir, files) {
  const workspace = path.dirname(path.resolve(files[0]));
  const compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontPaths: [fontDir] }] });
  for (const file of files) {
    const result = compiler.compile({ mainFilePath: path.resolve(file) });
    if (!result.result) {
      console.error(file + ': ' + JSON.stringify(result.takeDiagnostics()));
      process.exit(1);
    }
    const pdf = compiler.pdf(result.result);
    fs.writeFileSync(path.join(outDir, path.basename(file, '.typ') + '.pdf'), pdf);
  }
}

function main() {
  const args = process.argv.slice(2);
  const NodeCompiler = loadCompiler();
  if (args[0] === '--version') {
    const compiler = NodeCompiler.create({});
    const result = compiler.compile({ mainFileContent: '#metadata(str(sys.version)) <v>' });
    console.log(compiler.query(result.result, { selector: '<v>', field: 'value' })[0]);
    return;
  }
  if (args.length < 3) {
    console.error('usage: node typst_notices.js FONT_DIR OUT_DIR FILE.typ...');
    process.exit(2);
  }
  compileAll(NodeCompiler, args[0], args[1], args.slice(2));
}

main();
