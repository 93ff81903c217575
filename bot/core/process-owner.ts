/**
 * This process as the owner of a lease (a Telegram update's claim, outbox messages being
 * sent): `<host>/<pid>/<boot token>`. A process on the same host can tell that another owner
 * died (its pid is gone, or it was an earlier boot with our pid) and take over its leases at
 * once instead of waiting for them to run out. Replicas therefore need distinct host names
 * (the default for containers and machines): two processes with the same host name and pid
 * would each take the other for dead.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** A new owner name for this process: host, pid and a random boot token. */
export function processOwner(): string {
  return `${hostname()}/${process.pid}/${randomBytes(6).toString("hex")}`;
}

let ours: string | undefined;

/** This process's owner name, the same for every caller in the process. */
export function thisProcess(): string {
  ours ??= processOwner();
  return ours;
}

/**
 * Whether `other` is certainly dead: a process on this host that no longer exists, or an
 * earlier boot that had our pid. Anything else (another host, a live pid) is not known dead.
 */
export function ownerIsDead(other: string | null, self: string): boolean {
  if (other === null) return false;
  const [host, pidText, token] = other.split("/");
  const [ourHost, ourPid, ourToken] = self.split("/");
  if (host !== ourHost || token === undefined) return false;
  if (pidText === ourPid) return token !== ourToken;
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
