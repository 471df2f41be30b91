import { readFileSync } from "node:fs";
import { ValidationError } from "../../core/errors.js";
import { readStdin } from "../runtime.js";

/**
 * A token for `ttt inspect` / `ttt decide`: from a file, or standard input — never from the
 * command line, where it would land in shell history and in every `ps` listing.
 */
export async function readToken(file: string | undefined): Promise<string> {
  let text: string;
  if (file === undefined || file === "-") {
    if (process.stdin.isTTY) {
      throw new ValidationError("no token: pipe it on standard input or give --token-file", [
        { path: "token", message: "required" },
      ]);
    }
    text = await readStdin();
  } else {
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      const why =
        (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
      throw new ValidationError(`--token-file ${file}: cannot read (${why})`, [
        { path: "--token-file", message: why },
      ]);
    }
  }
  // Files and pipes end with a newline; a "Bearer " prefix is what people copy from headers.
  const token = text.trim().replace(/^Bearer\s+/i, "");
  if (token === "") {
    throw new ValidationError("no token: the input is empty", [
      { path: "token", message: "empty" },
    ]);
  }
  return token;
}
