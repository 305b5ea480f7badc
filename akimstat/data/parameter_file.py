"""A parameter file (`parameters/*.yaml`) read with bounded work (`akimstat.useryaml`) and checked
into `ReportParameters`; problems named by file and line, in the user's language."""

from __future__ import annotations

from pathlib import Path

import yaml

from akimstat.errors import ParameterError
from akimstat.labels import localised
from akimstat.params import ReportParameters, parameters_from
from akimstat.useryaml import YamlRefusal, read_user_yaml


def read_parameters(path: str | Path) -> ReportParameters:
    """Return parameters read from a YAML file, checked."""
    path = Path(path)
    try:
        values = read_user_yaml(path)[1] or {}
    except YamlRefusal as exc:
        expected = localised(exc.key, **exc.values)
        raise ParameterError(localised("parameters.refused", file=str(path), line=exc.line,
                                       expected=expected) if exc.line else localised(
            "parameters.refused_file", file=str(path), expected=expected)) from None
    except FileNotFoundError:
        raise ParameterError(f"{path}: no such parameter file") from None
    except IsADirectoryError:
        raise ParameterError(f"{path}: a folder, not a parameter file") from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{path}: not UTF-8 text (byte {exc.start + 1}); save the parameter "
                             "file as UTF-8") from None
    except OSError as exc:
        raise ParameterError(f"{path}: cannot read the parameter file ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:  # one line: the line of the file and the problem
        mark = getattr(exc, "problem_mark", None)
        raise ParameterError(f"{path}{f', line {mark.line + 1}' if mark else ''}: not valid "
                             f"YAML ({getattr(exc, 'problem', None) or exc})") from None
    return parameters_from(values, source=str(path))
