"""Configuration: ``[tool.nxlint]`` in pyproject.toml or ``.nxlint.yaml``, found by
walking up from the working directory; command-line options win over both."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nxlint.read import DEFAULT_INCLUDE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

KEYS = {"rulesets", "select", "ignore", "severity", "include", "exclude", "fail-on", "fail_on", "builtin"}
FAIL_ON = ("error", "warning", "info", "never")


class ConfigError(Exception):
    """A configuration problem; the message names the file."""


@dataclass
class Config:
    rulesets: list[str] = field(default_factory=list)  # extra ruleset files or folders
    builtin: bool = True  # load the bundled rulesets
    select: list[str] = field(default_factory=list)  # rule codes or prefixes ("NX1"); empty = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # code -> severity
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    source: str | None = None  # where it was read from

    def selects(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(s) for s in self.ignore)


def _as_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(f"{where}: '{key}' must be a list of strings")


def from_mapping(data: dict[str, Any], where: str) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: configuration must be a mapping")
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown configuration key(s): {', '.join(sorted(unknown))}")
    cfg = Config(source=where)
    base = Path(where).parent
    if "rulesets" in data:
        cfg.rulesets = [str(base / p) if not Path(p).is_absolute() else p
                        for p in _as_list(data["rulesets"], "rulesets", where)]
    if "builtin" in data:
        cfg.builtin = bool(data["builtin"])
    for key in ("select", "ignore", "include", "exclude"):
        if key in data:
            setattr(cfg, key, _as_list(data[key], key, where))
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict) or any(v not in ("error", "warning", "info") for v in sev.values()):
            raise ConfigError(f"{where}: 'severity' must map rule codes to error, warning or info")
        cfg.severity = {str(k): str(v) for k, v in sev.items()}
    fail_on = data.get("fail-on", data.get("fail_on"))
    if fail_on is not None:
        if fail_on not in FAIL_ON:
            raise ConfigError(f"{where}: 'fail-on' must be one of {', '.join(FAIL_ON)}")
        cfg.fail_on = fail_on
    return cfg


def load_file(path: Path) -> Config:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror or e})") from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{path}: invalid TOML: {e}") from None
        data = data.get("tool", {}).get("nxlint", {})
    else:
        import yaml

        try:
            data = yaml.safe_load(raw) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = f":{mark.line + 1}" if mark else ""
            raise ConfigError(f"{path}{line}: invalid YAML: {getattr(e, 'problem', e)}") from None
    return from_mapping(data, str(path))


def discover(start: Path | None = None) -> Path | None:
    """The nearest .nxlint.yaml, or pyproject.toml with a [tool.nxlint] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in (".nxlint.yaml", ".nxlint.yml"):
            if (folder / name).is_file():
                return folder / name
        pp = folder / "pyproject.toml"
        if pp.is_file():
            try:
                raw = pp.read_text(encoding="utf-8")
            except OSError:
                continue
            try:
                if "nxlint" in tomllib.loads(raw).get("tool", {}):
                    return pp
            except tomllib.TOMLDecodeError as e:
                if "[tool.nxlint" in raw:  # ours, and broken: say so rather than run with defaults
                    raise ConfigError(f"{pp}: invalid TOML: {e}") from None
    return None


def load(explicit: str | None = None) -> Config:
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        return load_file(p)
    found = discover()
    return load_file(found) if found else Config()
