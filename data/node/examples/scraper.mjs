// SPDX-License-Identifier: GPL-3.0-or-later
// A web scraper opening 100 connections: 100 pages of 64 KiB from Overlap's
// demo server, each answering after 200 ms, fetched all at once — about
// 0.2 seconds, where one after another they would take 20.
//
//   overlap --serve --port 8080 &
//   node scraper.mjs 8080            (or a URL, or $OVERLAP_DEMO_URL)

const where = process.argv[2] ?? process.env.OVERLAP_DEMO_URL;
if (!where) {
  console.error('usage: node scraper.mjs PORT|URL (the demo server: overlap --serve --port PORT)');
  process.exit(2);
}
const server = /^\d+$/.test(where) ? `http://127.0.0.1:${where}/` : where;

async function fetchPage(url) {
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  return body.byteLength;
}

async function main() {
  const urls = Array.from({ length: 100 }, (_, i) => `${server.replace(/\/?$/, '/')}data?size=64k&delay=200ms`);
  const start = performance.now();
  const sizes = await Promise.all(urls.map((url) => fetchPage(url)));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  console.log(`${sizes.length} pages, ${total} bytes in ${((performance.now() - start) / 1000).toFixed(2)} seconds`);
}

main();
