"""Every `modctl --json` document a bus test sees is checked against the JSON Schema its
command's --help names (client/schemas/): bus_fixture's modctl() and the monitor session call
check_output(), so each test that reads JSON also proves its schema, and a schema that
drifts from the output fails the test that printed it."""
import json
import os
import re
import subprocess

import jsonschema

_SCHEMA_LINE = re.compile(r"^JSON output \(--json\): .*/([^/\s]+)$", re.M)
_schema_files = {}


def schema_dir():
    return os.path.join(os.environ["MODMGR_SOURCE_DIR"], "client/schemas")


def _load(file):
    with open(os.path.join(schema_dir(), file)) as f:
        return json.load(f)


def validator(file):
    """A validator for one schema file; references to the others resolve from schema_dir()."""
    store = {name: _load(name) for name in os.listdir(schema_dir()) if name.endswith(".schema.json")}
    schema = store[file]
    jsonschema.Draft202012Validator.check_schema(schema)
    resolver = jsonschema.RefResolver(base_uri=file, referrer=schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver,
                                           format_checker=jsonschema.FormatChecker())


def schema_of(modctl, command):
    """The schema file `modctl COMMAND --help` names."""
    if command not in _schema_files:
        help_text = subprocess.run([modctl, command, "--help"], capture_output=True, text=True,
                                   check=True).stdout
        match = _SCHEMA_LINE.search(help_text)
        if not match:
            raise AssertionError(f"modctl {command} --help names no JSON schema:\n{help_text}")
        _schema_files[command] = match.group(1)
    return _schema_files[command]


def command_and_json(args):
    """(COMMAND, whether JSON is printed) of a modctl argument list."""
    command, json_mode, skip = None, False, False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-H", "--host"):
            skip = True
        elif arg == "--json" or (arg.startswith("--json=") and arg != "--json=off"):
            json_mode = True
        elif arg == "--json=off":
            json_mode = False
        elif not arg.startswith("-") and command is None:
            command = arg
    return command, json_mode


def check_document(modctl, command, text):
    """Parses one JSON document of `modctl COMMAND` and validates it; returns it."""
    document = json.loads(text)
    errors = sorted(validator(schema_of(modctl, command)).iter_errors(document), key=str)
    if errors:
        raise AssertionError(f"modctl {command} --json does not match its schema:\n" +
                             "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors) +
                             f"\n{text}")
    return document


def check_output(modctl, args, completed):
    """After modctl ran with `args`: a successful --json run's stdout matches its schema."""
    command, json_mode = command_and_json(args)
    if json_mode and command and completed.returncode == 0 and completed.stdout.strip():
        if command == "monitor":
            for line in completed.stdout.splitlines():
                check_document(modctl, command, line)
        else:
            check_document(modctl, command, completed.stdout)
    return completed
