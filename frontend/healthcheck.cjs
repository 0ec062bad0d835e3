// Container health check: exit 0 while the UI answers. After three checks in a row that get
// no answer (or a 5xx), it stops the server (PID 1) so that the restart policy starts it again:
// Docker restarts a container whose process exits, never one that is merely unhealthy.
const fs = require('fs');
const http = require('http');

// The URL and the count can be overridden (docker-test points it at a dead port to prove the
// restart).
const URL = process.env.HEALTHCHECK_URL || 'http://127.0.0.1:3000/lab';
const RESTART_AFTER = Number(process.env.HEALTHCHECK_RESTART_AFTER) || 3;
const STATE = '/tmp/exodetect-frontend-healthcheck.failures';

function fail(why) {
  let n = 1;
  try {
    n = (Number(fs.readFileSync(STATE, 'utf8')) || 0) + 1;
  } catch {
    // First failure: no state yet.
  }
  fs.writeFileSync(STATE, String(n));
  // The main process's binary (Next.js renames its process title, so not its command line).
  let main = '';
  try {
    main = fs.readlinkSync('/proc/1/exe');
  } catch {
    // Not Linux, or not ours to read: never restart.
  }
  if (n >= RESTART_AFTER && /(^|\/)node$/.test(main)) {
    fs.rmSync(STATE, { force: true });
    console.error(`unhealthy: ${why} ${n} times in a row; stopping the server so that it restarts`);
    process.kill(1, 'SIGTERM');
  } else {
    console.error(`unhealthy: ${why}`);
  }
  process.exit(1);
}

http
  .get(URL, { timeout: 8000 }, (res) => {
    res.resume();
    if (res.statusCode >= 500) fail(`HTTP ${res.statusCode}`);
    fs.rmSync(STATE, { force: true });
    process.exit(0);
  })
  .on('timeout', function onTimeout() {
    this.destroy(new Error('no answer in 8 s'));
  })
  .on('error', (err) => fail(err.message));
