"""Options several commands share: the language of messages (`--lang`, else the locale), and
`-p NAME=VALUE` read as YAML with bounded work."""

from __future__ import annotations


import click

from akimstat.errors import shown
from pathlib import Path


LANG = "akimstat.lang"  # key of the messages' language in the click context's `meta`


def locale_language(environ=None) -> str:
    """Return kk, ru or en from the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE); en otherwise."""
    import os

    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in ("kk", "ru", "en") else "en"
    return "en"


def _message_language(ctx, param, value):
    """Remember `--lang` for messages (a callback, so it holds for errors of later options too)."""
    if value:
        ctx.meta[LANG] = value
    return value


MESSAGE_LANG = click.option("--lang", "message_lang", type=click.Choice(["kk", "ru", "en"]),
                            callback=_message_language, is_eager=True, expose_value=False,
                            help="Language of the messages (default: the locale's, else en).")


def _assignments(ctx, param, values) -> dict:
    """Parse -p NAME=VALUE options; values are read as YAML (numbers, lists, text), without
    aliases or deep nesting (akimstat.useryaml)."""
    import yaml

    from akimstat.errors import ParameterError
    from akimstat.useryaml import YamlRefusal, check_events

    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE; received {shown(item)}", ctx, param)
        try:
            check_events(value)
            out[name.strip()] = yaml.safe_load(value)
        except YamlRefusal as exc:
            from akimstat.labels import localised  # pandas: not for a render with nothing to do

            raise ParameterError(localised("parameters.refused_file", file=f"-p {name.strip()}",
                                           expected=localised(exc.key, **exc.values))) from None
        except (yaml.YAMLError, ValueError):  # ValueError: a number of 4,300 digits or more
            out[name.strip()] = value
    return out


def _default_data() -> Path:
    from akimstat.data.project import data_folder

    return data_folder("data")
