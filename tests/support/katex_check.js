// Renders every formula given as a JSON array of strings on stdin with KaTeX, as strictly
// as documentation sites do, and prints a JSON array of the failures:
// [{"formula": ..., "message": ...}]. Exit status 2 means KaTeX itself is missing.
"use strict";

let katex;
try {
  katex = require("katex");
} catch (e) {
  console.error("cannot load katex (" + e.message + "): run `npm ci` in the repository root");
  process.exit(2);
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const failures = [];
  for (const formula of JSON.parse(input)) {
    try {
      katex.renderToString(formula, { throwOnError: true, displayMode: true, strict: "error" });
    } catch (e) {
      failures.push({ formula, message: e.message });
    }
  }
  process.stdout.write(JSON.stringify(failures));
});
