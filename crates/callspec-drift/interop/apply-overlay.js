// Applies an OpenAPI Overlay document to a JSON document with openapi-format, an Overlay
// implementation independent of callspec, and prints the amended document as JSON.
//
// usage: node apply-overlay.js NPM_PREFIX DOCUMENT.json OVERLAY.json
// where NPM_PREFIX holds node_modules/openapi-format (npm install --prefix NPM_PREFIX ...).
'use strict';

const fs = require('fs');
const path = require('path');

async function main() {
  const [prefix, documentPath, overlayPath] = process.argv.slice(2);
  if (!prefix || !documentPath || !overlayPath) {
    console.error('usage: node apply-overlay.js NPM_PREFIX DOCUMENT.json OVERLAY.json');
    process.exit(2);
  }
  const openapiFormat = require(path.resolve(prefix, 'node_modules', 'openapi-format'));
  const document = JSON.parse(fs.readFileSync(documentPath, 'utf8'));
  const overlaySet = JSON.parse(fs.readFileSync(overlayPath, 'utf8'));
  const result = await openapiFormat.openapiOverlay(document, {overlaySet});
  const unused = result.resultData.totalUnusedActions;
  if (unused > 0) {
    console.error(`openapi-format: ${unused} action(s) selected nothing`);
  }
  process.stdout.write(JSON.stringify(result.data));
}

main().catch(error => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
