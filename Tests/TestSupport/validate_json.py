#!/usr/bin/env python3
"""Validate JSON documents against a JSON Schema, with format assertions on.

    validate_json.py SCHEMA FILE...   exit 0: all valid; 1: some invalid (one line per error on stdout)
    validate_json.py --probe          exit 0 when jsonschema can be imported

Exit 3 when jsonschema is missing (install Debian's python3-jsonschema; .ci/run does), 2 on usage errors.
The draft comes from the schema's own $schema. Formats are asserted, not just annotated; `date-time` and
`uri` get strict fallbacks when jsonschema's optional checkers (rfc3339-validator, rfc3987) are absent, so
the result does not depend on which extras happen to be installed. Remote $refs are never fetched.
"""
import json
import re
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed: apt-get install python3-jsonschema (or pip install jsonschema)")
    sys.exit(3)

# RFC 3339 §5.6 date-time (upper- or lower-case T and Z, as the RFC allows).
DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
    r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$")
# RFC 3986 §3 URI: a scheme, then only unreserved, reserved and percent-encoded characters.
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def format_checker():
    checker = jsonschema.FormatChecker()
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(lambda text: not isinstance(text, str) or bool(DATE_TIME.match(text)))
    if "uri" not in checker.checkers:
        checker.checks("uri")(lambda text: not isinstance(text, str) or bool(URI.match(text)))
    return checker


def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    try:
        import referencing  # jsonschema >= 4.18 resolves $refs through it and never retrieves remote ones
        return cls(schema, format_checker=format_checker())
    except ImportError:
        def refuse(uri):
            raise jsonschema.exceptions.RefResolutionError("remote $ref not fetched: " + uri)
        resolver = jsonschema.RefResolver.from_schema(schema, handlers={"http": refuse, "https": refuse})
        return cls(schema, resolver=resolver, format_checker=format_checker())


def main(arguments):
    if arguments == ["--probe"]:
        return 0
    if len(arguments) < 2:
        print(__doc__.strip())
        return 2
    with open(arguments[0], encoding="utf-8") as file:
        check = validator(json.load(file))
    failed = False
    for path in arguments[1:]:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
        for error in sorted(check.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
            failed = True
            where = "/" + "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: {where}: {error.message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
