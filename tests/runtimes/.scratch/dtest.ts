import { loadConformanceData } from "/work/main/tests/runtimes/data.ts";
const d = loadConformanceData();
console.log(
  d.sigv4.length,
  d.sigv4[5],
  d.converseChunk.messages,
  d.converseChunk.eventTypes,
  d.converseChunk.textLength,
  d.converseChunk.base64.length,
);
