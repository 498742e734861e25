// Bundles resolve `node:http` here (see lib/constructs/bundling.ts). An ESM import of node:http makes
// Node 22 read every export to build the namespace, and the lazy WebSocket/CloseEvent/MessageEvent
// getters then load undici (~35 ms of init). Taking the module object as CommonJS reads nothing.
module.exports = process.getBuiltinModule('node:http');
