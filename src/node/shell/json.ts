// JSON written in pieces: the same text as JSON.stringify(value, null, 2), without ever holding it as one string.

/** How many values a part may hold and still be written as one piece (a school's row, a family). */
const PIECE = 2000;

/** The values in `v` counted down from `budget`: below 0 once there are more than it allows. */
function weigh(v: unknown, budget: number): number {
  let left = budget - 1;
  if (v === null || typeof v !== "object") return left;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    left = weigh(x, left);
    if (left < 0) break;
  }
  return left;
}

/** The value JSON.stringify would write for `key`: after toJSON; undefined when it writes nothing. */
function resolved(value: unknown, key: string): unknown {
  const v =
    value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function"
      ? (value as { toJSON: (key: string) => unknown }).toJSON(key)
      : value;
  return v === undefined || typeof v === "function" || typeof v === "symbol" ? undefined : v;
}

function* pieces(value: unknown, pad: string): Generator<string> {
  const plain = value !== null && typeof value === "object" && (Array.isArray(value) || isPlainObject(value));
  if (!plain || weigh(value, PIECE) >= 0) {
    // Small or not a container: JSON.stringify's own text, indented to its depth (strings hold no raw line breaks).
    const text = JSON.stringify(value, null, 2) as string | undefined;
    yield text === undefined ? "null" : pad === "" ? text : text.replaceAll("\n", `\n${pad}`);
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
      yield* pieces(resolved(value[i], String(i)) ?? null, inner);
    }
    return yield `\n${pad}]`;
  }
  let first = true;
  for (const [key, raw] of Object.entries(value as object)) {
    const v = resolved(raw, key);
    if (v === undefined) continue;
    yield `${first ? "{\n" : ",\n"}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(v, inner);
  }
  yield first ? "{}" : `\n${pad}}`;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * `JSON.stringify(value, null, 2)` and a newline, as pieces: the same bytes, for output of any size (one string
 * is limited to about 512 MB, and holding it doubles the memory a command needs).
 */
export function* jsonPieces(value: unknown): Generator<string> {
  yield* pieces(resolved(value, ""), "");
  yield "\n";
}

/**
 * A command's JSON answer on success, as pieces: `{ ok: true, problems: [], … }` and then its own fields — the
 * contract every command keeps under --json (a failure is `{ ok: false, total, problems }`, main.ts).
 */
export function jsonResult(body: object): Generator<string> {
  return jsonPieces({ ok: true, problems: [], ...body });
}

/** CSV (or text) lines as pieces: each line with its newline, as `${lines.join("\n")}\n` wrote them. */
export function* linePieces(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}
