"""Draws payloads from every schema of a PCE release bundle, for the round-trip check.

Input: a folder of self-contained schemas (one `<stem>.json` per v2 schema, `$ref`s already
inlined and the generator's repairs applied; written by `cargo xtask roundtrip`). Output: one
JSON line per payload, `{"schema", "payload", "expect", "kind", "at"}`:

- `expect: "valid"` — drawn by hypothesis-jsonschema and valid for Python's `jsonschema`
  (Draft 4, formats checked);
- `expect: "reject"` — a valid payload changed at one place so that it breaks its schema at
  the type level (`kind`: `missing_required`, `wrong_type`, `unknown_property` of a closed
  object, `unknown_enum_value`, `no_branch` of a `oneOf`/`anyOf`), confirmed invalid by
  `jsonschema`, also once the schema is read as the types read it (below);
- `expect: "lossless"` — a changed payload that the types must decode and encode back
  unchanged: what a newer PCE's response adds at a place the types read leniently (marked
  `"x-lenient": true` by `cargo xtask roundtrip`), `added_property` to an object and
  `added_enum_value` to a string enum; and a violation of the schema that its lenient reading
  accepts (a place read leniently takes any value of the JSON kinds its type reads: an object
  whatever it holds, a string for an enum, what a branch of a union holds);
- `expect: "pce"` — a valid response (its root read leniently) changed the way real PCEs
  change them, which the types must decode and encode back unchanged: one property set to
  `null` (`pce_null`), one required property left out (`pce_absent`), one property given
  another JSON type (`pce_other_type`), each at up to five places; and each of those at every
  place at once (`pce_all_null`, `pce_all_absent`, `pce_all_other_type`).

Drawing is deterministic (`derandomize`), bounded per schema in examples and seconds.
`--sample FILE` also writes the smallest payload of each schema and kind (the checked-in
`sample.jsonl`, which `cargo xtask roundtrip --payloads` checks without Python).
"""

import argparse
import contextlib
import copy
import io
import json
import multiprocessing
import os
import random
import signal
import sys
import warnings

import jsonschema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis_jsonschema import from_schema

warnings.filterwarnings("ignore")

# JSON numbers beyond 64 bits are not PCE values (serde_json cannot hold them either).
INT_RANGE = (-(2**63), 2**64 - 1)


def validator(schema):
    cls = jsonschema.Draft4Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def lenient_reading(schema):
    """The schema as the generated types read it: an `x-lenient` place takes any value of the
    JSON kinds its type reads (whatever an object holds, any string for an enum, what a
    branch of a union holds), and a union with such branches takes what any of them does."""
    if isinstance(schema, list):
        return [lenient_reading(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("x-lenient") is True:
        kinds = allowed_types(schema)
        if kinds is None:
            return {}
        if schema.get("enum") is not None and "type" not in schema:
            kinds = {"string"}
        return {"type": sorted(kinds)}
    out = {key: lenient_reading(value) for key, value in schema.items()}
    if "oneOf" in out and any(isinstance(b, dict) and b.get("x-lenient") for b in schema["oneOf"]):
        out["anyOf"] = out.pop("oneOf")
    return out


def in_range(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return INT_RANGE[0] <= value <= INT_RANGE[1]
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    if isinstance(value, list):
        return all(in_range(v) for v in value)
    if isinstance(value, dict):
        return all(in_range(v) for v in value.values())
    return True


class OutOfTime(BaseException):
    """Raised by the alarm when a schema's drawing time is up: a `BaseException`, so that
    hypothesis lets it through rather than reading it as a failing example."""


def out_of_time(signum, frame):
    raise OutOfTime()


def draw(path, examples, seconds):
    """The payloads drawn from the schema at `path` within `seconds` (what was drawn before
    the time ran out is kept), and the error that stopped the drawing, if any. Drawn in this
    process (a pool worker): a process per schema would spend more starting Python and
    importing hypothesis than drawing."""
    with open(path) as f:
        schema = json.load(f)

    # `collect` is written as it always was: hypothesis derives its `derandomize` seed from
    # the test function's source, so the same text draws the same payloads.
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(schema))
    def collect(value):
        print(json.dumps(value), flush=True)

    error = ""
    printed = io.StringIO()
    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(seconds)
    try:
        with contextlib.redirect_stdout(printed):
            collect()
    except OutOfTime:
        pass
    except Exception as failure:
        error = f"{type(failure).__name__}: {failure}".splitlines()[0]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    drawn = []
    for line in printed.getvalue().splitlines():
        try:
            drawn.append(json.loads(line))
        except json.JSONDecodeError:
            break
    return drawn, error


JSON_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"]
SAMPLES = {
    "null": None,
    "boolean": True,
    "integer": 12345,
    "number": 1.5,
    "string": "zz-not-in-schema",
    "array": [],
    "object": {"zz_not_in_schema": 1},
}


def allowed_types(schema):
    """The JSON types a schema can take, or None when it does not say."""
    if not isinstance(schema, dict):
        return None
    found = set()
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        found.update(types)
        if "number" in found:
            found.add("integer")
    branches = schema.get("oneOf", []) + schema.get("anyOf", [])
    if branches:
        if "type" in schema:
            return found
        for branch in branches:
            inner = allowed_types(branch)
            if inner is None:
                return None
            found |= inner
        return found
    if "enum" in schema and "type" not in schema:
        return None
    return found or None


def sites(value, schema, pointer, check):
    """Every (pointer, schema, value) the valid payload passes through."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema, value
    for part in schema.get("allOf", []):
        yield from sites(value, part, pointer, check)
    for keyword in ("oneOf", "anyOf"):
        for branch in schema.get(keyword, []):
            if check(branch, value):
                yield from sites(value, branch, pointer, check)
                break
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                yield from sites(item, properties[key], pointer + "/" + escape(key), check)
            elif isinstance(extra, dict):
                yield from sites(item, extra, pointer + "/" + escape(key), check)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value[:3]):
            yield from sites(item, schema["items"], f"{pointer}/{index}", check)


def escape(token):
    return token.replace("~", "~0").replace("/", "~1")


def at(payload, pointer):
    """The parent container and key of the value at `pointer` (None, None for the root)."""
    if pointer == "":
        return None, None
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    parent = payload
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    return parent, (int(last) if isinstance(parent, list) else last)


def replaced(payload, pointer, new):
    payload = copy.deepcopy(payload)
    parent, key = at(payload, pointer)
    if parent is None:
        return new
    parent[key] = new
    return payload


def additions(schema, value):
    """(kind, new value) changes that a newer PCE's response makes at a lenient place."""
    out = []
    if isinstance(value, dict) and "patternProperties" not in schema and not isinstance(
        schema.get("additionalProperties"), dict
    ):
        added = dict(value)
        added["zz_added_by_a_newer_pce"] = {"nested": [1, "two", None]}
        out.append(("added_property", added))
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
        out.append(("added_enum_value", "zz-added-by-a-newer-pce"))
    return out


def mutations(schema, value):
    """(kind, new value) changes that break `schema` at the type level."""
    out = []
    if isinstance(value, dict):
        present = [k for k in schema.get("required", []) if k in value]
        if present:
            broken = dict(value)
            del broken[present[0]]
            out.append(("missing_required", broken))
        if schema.get("additionalProperties") is False and "patternProperties" not in schema:
            broken = dict(value)
            broken["zz_not_in_schema"] = 1
            out.append(("unknown_property", broken))
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
        out.append(("unknown_enum_value", "zz-not-an-enum-value"))
    types = allowed_types(schema)
    if types is not None:
        kind = "no_branch" if ("oneOf" in schema or "anyOf" in schema) else "wrong_type"
        for name in JSON_TYPES:
            if name not in types and not (name == "integer" and "number" in types):
                out.append((kind, SAMPLES[name]))
                break
    return out


def changes(payload, schema, check_whole, check_lenient, check, rng, attempts):
    """Changes of one valid payload, at most one per kind: (expect, kind, pointer, payload).
    At a lenient place, what a newer PCE adds (expected lossless); everywhere, type-level
    violations confirmed by `jsonschema`, expected refused unless the lenient reading of the
    schema accepts them; trying at most `attempts` places per kind."""
    found = {}
    tried = {}
    candidates = list(sites(payload, schema, "", check))
    rng.shuffle(candidates)
    for pointer, site_schema, value in candidates:
        lenient = site_schema.get("x-lenient") is True
        for kind, new in additions(site_schema, value) if lenient else []:
            added = replaced(payload, pointer, new)
            if kind not in found and check_lenient(added):
                found[kind] = ("lossless", pointer, added)
        for kind, new in mutations(site_schema, value):
            if lenient and kind in ("unknown_property", "unknown_enum_value"):
                continue
            if kind in found or tried.get(kind, 0) >= attempts:
                continue
            tried[kind] = tried.get(kind, 0) + 1
            broken = replaced(payload, pointer, new)
            if not check_whole(broken):
                expect = "lossless" if check_lenient(broken) else "reject"
                found[kind] = (expect, pointer, broken)
    return [(expect, kind, pointer, changed) for kind, (expect, pointer, changed) in found.items()]


OTHER_TYPE = {str: 12345, int: "zz-another-type", float: "zz-another-type", bool: "zz-another-type",
              type(None): "zz-another-type", list: {"zz": "another type"}, dict: ["zz-another-type"]}


def properties(payload, schema, check):
    """Every (object pointer, property, required) of the valid payload, deepest first."""
    seen = {}
    for pointer, site, value in sites(payload, schema, "", check):
        if isinstance(value, dict):
            required = set(site.get("required", []))
            for key in value:
                seen[(pointer, key)] = seen.get((pointer, key), False) or key in required
    return sorted(((p, k, r) for (p, k), r in seen.items()), key=lambda t: -t[0].count("/"))


def pce_variants(payload, schema, check, rng, places):
    """The payload changed the way real PCEs change responses: (kind, pointer, payload)."""
    props = properties(payload, schema, check)
    changes = {
        "null": (props, lambda obj, key: obj.__setitem__(key, None)),
        "absent": ([t for t in props if t[2]], lambda obj, key: obj.pop(key)),
        "other_type": (props, lambda obj, key: obj.__setitem__(key, OTHER_TYPE[type(obj[key])])),
    }
    out = []
    for kind, (targets, change) in changes.items():
        if not targets:
            continue
        for pointer, key, _ in rng.sample(targets, min(places, len(targets))):
            changed = copy.deepcopy(payload)
            parent, slot = at(changed, pointer)
            change(changed if parent is None else parent[slot], key)
            out.append((f"pce_{kind}", f"{pointer}/{escape(key)}", changed))
        changed = copy.deepcopy(payload)
        for pointer, key, _ in targets:
            try:
                parent, slot = at(changed, pointer)
                obj = changed if parent is None else parent[slot]
            except (KeyError, IndexError, TypeError):
                continue  # under a property changed before
            if isinstance(obj, dict) and key in obj:
                change(obj, key)
        out.append((f"pce_all_{kind}", "", changed))
    return out


def reads_leniently(schema):
    """Whether the root is read the PCE's way (a response's): marked, or a list of such."""
    return schema.get("x-lenient") is True or (
        isinstance(schema.get("items"), dict) and schema["items"].get("x-lenient") is True
    )


def one_schema(job):
    path, examples, seconds, seed = job
    stem = os.path.basename(path)[: -len(".json")]
    with open(path) as f:
        schema = json.load(f)
    whole = validator(schema)
    lenient = validator(lenient_reading(schema))
    cache = {}

    def check(sub, value):
        key = id(sub)
        if key not in cache:
            cache[key] = validator(sub)
        return cache[key].is_valid(value)

    lines = []
    stats = {"drawn": 0, "invalid_draws": 0, "out_of_range": 0}
    rng = random.Random(f"{seed}:{stem}")
    drawn, error = draw(path, examples, seconds)
    if not drawn:
        return stem, [], {"error": error or f"nothing drawn in {seconds} s"}
    seen = set()
    for payload in drawn:
        text = json.dumps(payload, sort_keys=True)
        if text in seen:
            continue
        seen.add(text)
        stats["drawn"] += 1
        if not in_range(payload):
            stats["out_of_range"] += 1
            continue
        if not whole.is_valid(payload):
            stats["invalid_draws"] += 1
            continue
        lines.append({"schema": stem, "payload": payload, "expect": "valid", "kind": "valid", "at": ""})
        for expect, kind, pointer, changed in changes(payload, schema, whole.is_valid, lenient.is_valid, check, rng, 5):
            lines.append({"schema": stem, "payload": changed, "expect": expect, "kind": kind, "at": pointer})
        if reads_leniently(schema):
            for kind, pointer, changed in pce_variants(payload, schema, check, rng, 5):
                lines.append({"schema": stem, "payload": changed, "expect": "pce", "kind": kind, "at": pointer})
    return stem, lines, stats


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas")
    parser.add_argument("--out")
    parser.add_argument("--examples", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--seed", default="pce")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", help="also write the smallest payload of each schema and kind here")
    args = parser.parse_args()
    paths = sorted(
        os.path.join(args.schemas, n) for n in os.listdir(args.schemas) if n.endswith(".json")
    )
    jobs = [(p, args.examples, args.seconds, args.seed) for p in paths]
    totals = {"schemas": 0, "valid": 0, "reject": 0, "lossless": 0, "pce": 0, "drawn": 0, "invalid_draws": 0, "out_of_range": 0}
    errors = []
    smallest = {}
    # A fresh worker (forked, hypothesis already imported) for each schema: what one schema
    # draws does not depend on which schemas its worker drew before.
    with multiprocessing.Pool(args.jobs, maxtasksperchild=1) as pool, open(args.out, "w") as out:
        for stem, lines, stats in pool.imap(one_schema, jobs):
            totals["schemas"] += 1
            if "error" in stats:
                errors.append(f"{stem}: {stats['error']}")
                continue
            for key in ("drawn", "invalid_draws", "out_of_range"):
                totals[key] += stats[key]
            for line in lines:
                totals[line["expect"]] += 1
                text = json.dumps(line, sort_keys=True, ensure_ascii=True)
                out.write(text + "\n")
                key = (line["schema"], line["kind"])
                if key not in smallest or len(text) < len(smallest[key]):
                    smallest[key] = text
    if args.sample:
        with open(args.sample, "w") as sample:
            sample.writelines(text + "\n" for _, text in sorted(smallest.items()))
    for error in errors:
        print(f"draw.py: no payloads for {error}", file=sys.stderr)
    print(json.dumps(totals, sort_keys=True))


if __name__ == "__main__":
    main()
