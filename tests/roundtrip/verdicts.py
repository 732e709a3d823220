"""Python jsonschema's Draft 4 verdict on each payload, against the published schema of its
bundle, for `cargo xtask roundtrip` to compare with `pce validate`'s.

Usage: verdicts.py BUNDLE PAYLOADS OUT

PAYLOADS holds one JSON line per payload, `{"schema": stem, "payload": …}`; a payload is
judged against `BUNDLE/v2/<stem>.schema.json` as published, its `$ref`s resolved relative to
each file wherever it lies, with formats checked (`date-time`, `hostname` and `uri`
through `rfc3339-validator`, `fqdn` and `rfc3986-validator`). Only the
repairs without which a schema cannot be used at all apply, as in `pce validate`: a `$ref`
fragment without its `/` (`#definitions/x`), and a `$ref` to a file outside the bundle that
does not exist, read as any value. OUT gets one line per payload: `{"valid": true|false}`, or
`{"error": "..."}` when the schema cannot be used, or `{"skipped": true}` for a key that
names no schema file (an item of a list schema, `stem[]`).
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def fix_fragments(node):
    """`ref_fragment_slash`: `#definitions/x` read as `#/definitions/x`."""
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and "#" in reference:
            file, fragment = reference.split("#", 1)
            if fragment and not fragment.startswith("/"):
                node["$ref"] = f"{file}#/{fragment}"
        for value in node.values():
            fix_fragments(value)
    elif isinstance(node, list):
        for value in node:
            fix_fragments(value)


def main():
    bundle, payloads, out = Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3]

    def retrieve(uri):
        path = Path(unquote(urlparse(uri).path))
        if not path.exists() and bundle not in path.parents:
            contents = {}  # `ref_outside_bundle`: points nowhere
        else:
            with open(path, encoding="utf-8") as f:
                contents = json.load(f)
            fix_fragments(contents)
        return Resource.from_contents(contents, default_specification=DRAFT4)

    registry = Registry(retrieve=retrieve)
    validators = {}

    def validator(stem):
        if stem not in validators:
            file = bundle / "v2" / f"{stem}.schema.json"
            validators[stem] = jsonschema.Draft4Validator(
                {"$ref": file.as_uri()},
                registry=registry,
                format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
            )
        return validators[stem]

    with open(payloads, encoding="utf-8") as lines, open(out, "w", encoding="utf-8") as verdicts:
        for line in lines:
            entry = json.loads(line)
            stem = entry["schema"]
            if not (bundle / "v2" / f"{stem}.schema.json").is_file():
                verdict = {"skipped": True}
            else:
                try:
                    verdict = {"valid": validator(stem).is_valid(entry["payload"])}
                except Exception as error:  # the schema cannot be used
                    verdict = {"error": f"{type(error).__name__}: {error}"[:300]}
            verdicts.write(json.dumps(verdict) + "\n")


if __name__ == "__main__":
    main()
