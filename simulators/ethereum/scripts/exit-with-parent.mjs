// Preloaded into the dev chain by the .NET launcher (node --import): ends this process when the process that
// started it goes away. The launcher holds our standard input open as a pipe; when it exits, even when it is
// killed, the pipe reaches end-of-file and we exit, so no dev chain outlives its test run.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
