#!/usr/bin/env node
// Verifies webhook deliveries with the independent `standardwebhooks` package, so Fractify's signer is
// checked against the reference implementation rather than against itself.
//
// stdin:  a JSON array of {"secret": "whsec_...", "headers": {"webhook-id": ..., "webhook-timestamp": ...,
//         "webhook-signature": ...}, "body": "<the exact request body>"}
// stdout: a JSON array, one {"ok": true} or {"ok": false, "error": "..."} per case, in order.
// Exit status 0 when the input could be read (whatever the verdicts), 2 otherwise.
"use strict";
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  let cases;
  try {
    cases = JSON.parse(input);
  } catch (e) {
    process.stderr.write(`verify.js: stdin is not JSON: ${e.message}\n`);
    process.exit(2);
  }
  const verdicts = cases.map((c) => {
    try {
      new Webhook(c.secret).verify(c.body, c.headers);
      return { ok: true };
    } catch (e) {
      return { ok: false, error: e.message };
    }
  });
  process.stdout.write(JSON.stringify(verdicts) + "\n");
});
