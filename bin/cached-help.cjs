'use strict';
// --help and --version from text yargs rendered at build time
// (scripts/build-help.mjs, into dist/help.json), so that they do not load
// yargs (~70 ms) and the program's modules. Only lines that were rendered
// are answered, at a width the text was rendered at, snapped as
// src/flags/help-width.ts does; anything else returns false and the program
// runs as usual. MESOS_CACHED_HELP=off always asks yargs.
const fs = require('node:fs');
const path = require('node:path');

const WIDTHS = [110, 80];

function helpWidth(columns) {
  if (!columns) return WIDTHS[0];
  return WIDTHS.find((width) => columns >= width) ?? columns;
}

/** Prints the cached answer to `argv` and returns true, or returns false. */
function printCachedHelp(program, argv) {
  if (!argv.some((word) => word === '--help' || word === '--version')) return false;
  if (process.env.MESOS_CACHED_HELP === 'off') return false;
  let texts;
  try {
    texts = JSON.parse(fs.readFileSync(path.join(__dirname, '../dist/help.json'), 'utf8'));
  } catch {
    return false; // not built
  }
  const rendered = texts[program]?.[argv.join(' ')];
  const text = rendered?.[helpWidth(process.stdout.isTTY ? process.stdout.columns : undefined)];
  if (typeof text !== 'string') return false;
  fs.writeSync(1, text);
  return true;
}

module.exports = { printCachedHelp, helpWidth };
