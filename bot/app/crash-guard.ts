/**
 * A rejection nobody handled is a bug, and after it the process state is unknown. Node's
 * default ends the process at once with a plain-text trace on stderr: the log collector sees
 * no JSON line, and the workers, adapters and web server are not stopped in order. This logs
 * it as one error line (with the stack) and asks for the orderly stop, exiting 1.
 */
import type { Logger } from "./logger.js";

export function stopOnUnhandledRejection(target: NodeJS.EventEmitter, log: Logger, stop: (reason: string) => void): void {
  target.on("unhandledRejection", (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    log.error(`unhandled rejection: ${error.message}: stopping (this is a bug; please report it)`, { stack: error.stack });
    process.exitCode = 1;
    stop("unhandled rejection");
  });
}
