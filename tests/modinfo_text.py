"""Reads the text `modinfo` prints into {key: [values]}, for tests that compare Info with it.
A value modinfo folds over several lines (signatures) is joined back into one string; values
keep trailing blanks (vermagic ends in one)."""


def parse_modinfo(text):
    fields, key = {}, None
    for line in text.splitlines():
        if line.startswith("\t") and key:
            fields[key][-1] += line.strip()
            continue
        key, _, value = line.partition(":")
        fields.setdefault(key, []).append(value.lstrip())
    return fields
