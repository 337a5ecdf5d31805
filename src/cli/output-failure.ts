/**
 * A report written to standard output can fail after `run` has returned: the reader closed the pipe
 * (`secretwarden | head -c 10`, EPIPE) or the disk is full (`> /dev/full`, ENOSPC). Node reports that as an
 * 'error' event on the stream, which would otherwise end the process with a stack trace and whatever exit code was
 * set. Here it ends the run as any other output failure does: one line on stderr and exit 2, whatever `--fail-on`
 * says (an unwritten report is not a passed check).
 */
export interface OutputWatch {
  /** True once writing to standard output failed. */
  readonly failed: boolean;
}

interface ErrorEmitter {
  on(event: "error", listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export function watchOutput(
  stdout: ErrorEmitter,
  stderr: ErrorEmitter & { write(text: string): unknown },
  onFailure: () => void,
): OutputWatch {
  const watch = { failed: false };
  stdout.on("error", (error) => {
    if (watch.failed) return;
    watch.failed = true;
    stderr.write(`secretwarden: cannot write the report to standard output: ${reason(error)}\n`);
    onFailure();
  });
  // Nothing is left to tell if stderr itself is gone; an unhandled 'error' there would print a stack trace to nowhere.
  stderr.on("error", () => undefined);
  return watch;
}

function reason(error: NodeJS.ErrnoException): string {
  if (error.code === "EPIPE") return "the reading end of the pipe was closed (EPIPE)";
  if (error.code === "ENOSPC") return "no space left on the device (ENOSPC)";
  return error.code ? `${error.code}` : (error.message.split("\n", 1)[0] ?? "write failed");
}
