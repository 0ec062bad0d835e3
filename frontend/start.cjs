// The container's main process. Node as PID 1 gets no default signal handling, so without
// these handlers `docker stop` waits out its timeout and a health check cannot stop a hung
// server for the restart policy to start again.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
require('./server.js');
