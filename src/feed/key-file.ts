/**
 * Files that hold private keys: written atomically with mode 0600, read only if nobody but the
 * owner can read or replace them. A key readable by others is a key to assume stolen, so it is
 * refused at start-up rather than used.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SigningKeyError } from "./feed.errors.js";

const OWNER_ONLY = 0o600;

/** Creates the key directory (0700) if needed; refuses one that others can write to. */
export async function ensureKeyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await stat(dir);
  if (!info.isDirectory()) {
    throw new SigningKeyError("key_dir_unsafe", dir, `${dir} is not a directory`);
  }
  if ((info.mode & 0o022) !== 0) {
    throw new SigningKeyError(
      "key_dir_unsafe",
      dir,
      `key directory ${dir} is writable by group or others (mode ${octal(info.mode)}): anyone who can write there can replace the signing key; run chmod 700 ${dir}`,
    );
  }
}

/**
 * Writes `text` to `path` so that readers see the old file or the new one, never a part: a
 * temporary file in the same directory (created 0600, exclusive), fsync, rename, fsync of the
 * directory.
 */
export async function writeKeyFile(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", OWNER_ONLY);
  try {
    await handle.chmod(OWNER_ONLY); // whatever the umask did
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Reads a key file after checking it is a regular file that only its owner can access. */
export async function readKeyFile(path: string): Promise<string> {
  const info = await lstat(path);
  if (!info.isFile()) {
    throw new SigningKeyError(
      "key_file_invalid",
      path,
      `${path} is not a regular file (a symlink?)`,
    );
  }
  if ((info.mode & 0o077) !== 0) {
    throw new SigningKeyError(
      "key_file_permissions",
      path,
      `key file ${path} has mode ${octal(info.mode)}: a private key must be readable only by its owner: run chmod 600 ${path}, and if others may have read it, treat the key as stolen (move the file away; a new key is made on the next start)`,
    );
  }
  return readFile(path, "utf8");
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
