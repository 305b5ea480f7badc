"""YAML files a user writes (mapping files, parameter files), read with bounded work.

`yaml.safe_load` builds no Python objects from tags such as ``!!python/object``, but it still
lets a small file ask for a lot: aliases of aliases ("billion laughs") that expand to millions
of values once a value is turned into text, brackets nested thousands deep (a `RecursionError`
in the composer), and a key written twice, of which YAML keeps the last without a word. These
files are short and read by people, so `read_user_yaml` refuses, before anything is built:

- a file larger than `MAX_BYTES`;
- an alias (``*name``): every value is written out where it is meant;
- nesting deeper than `MAX_DEPTH`;
- a key written twice in one mapping (the message names both lines);
- a number of more digits than Python converts to an integer (4,300).

Each refusal is a `YamlRefusal` carrying the line (from 1, or None) and the key (in
``locales/input.yaml``) and values of the sentence saying what the file should be, which the
callers turn into their own errors with `akimstat.labels.localised` (this module imports
nothing of akimstat, so that `params` can use it).
"""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_BYTES = 1_000_000  # a mapping of ten coded columns with 200 values each is ~100 KB
MAX_DEPTH = 20  # a mapping file nests four deep; a parameter file two


class YamlRefusal(Exception):
    """A user's YAML file refused: `line` (from 1, or None) and what it should be, as the key
    of a message and its values."""

    def __init__(self, line: int | None, key: str, **values):
        super().__init__(key)
        self.line, self.key, self.values = line, key, values


def read_user_yaml(path: Path):
    """Return the composed node and the document of the YAML file `path`, built with the safe
    loader, or raise `YamlRefusal`; `yaml.YAMLError`, `UnicodeDecodeError` and `OSError` (no
    such file, a folder) pass through."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlRefusal(None, "yaml.too_large", size=f"{size:,}", limit=f"{MAX_BYTES:,}")
    text = path.read_text(encoding="utf-8")
    check_events(text)
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    check_keys(node)
    try:
        return node, yaml.safe_load(text)
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise YamlRefusal(None, "yaml.number") from None


def check_events(text: str) -> None:
    """Refuse aliases and deep nesting, from the parser's events (which need no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefusal(line, "yaml.alias", alias=f"*{event.anchor}")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlRefusal(line, "yaml.too_deep", limit=MAX_DEPTH)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def check_keys(node) -> None:
    """Refuse a key written twice in one mapping of the composed document `node`."""
    todo = [node] if node is not None else []
    while todo:
        current = todo.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                line = key.start_mark.line + 1
                name = str(key.value)
                if name in seen:
                    raise YamlRefusal(line, "yaml.key_twice", name=name, first=seen[name])
                seen[name] = line
                todo.append(value)
        elif isinstance(current, yaml.SequenceNode):
            todo.extend(current.value)
