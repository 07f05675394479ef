"""Load YAML rulesets with line numbers, so every error can name file, line and rule.

A ruleset file may hold any of three top-level sections, merged across files:
``lexicon`` (concepts shared by all rules), ``context`` (ConText-style modifiers) and
``rules``. Extra data sections used by particular rule kinds (``facts``) are merged too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when available: the same nodes with line marks, several times faster
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_KEYS = {"version", "lexicon", "context", "rules", "facts", "evasion", "description", "scope"}


class RulesetError(Exception):
    """A broken ruleset: the message reads ``file:line: rule CODE: problem``."""


@dataclass
class Located:
    """A value from YAML with the line it came from (1-based) and its key lines."""

    value: Any
    file: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str | None = None, rule: str | None = None) -> str:
        line = self.key_lines.get(key, self.line) if key else self.line
        who = f" rule {rule}:" if rule else ""
        return f"{self.file}:{line}:{who}"


def _load_with_nodes(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RulesetError(f"{path}: cannot read ruleset ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise RulesetError(f"{path}: ruleset is not UTF-8 text") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise RulesetError(f"{path}{line}: invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    _no_duplicate_keys(path, node)
    return data, node


def _no_duplicate_keys(path: Path, node: yaml.Node | None) -> None:
    """YAML lets a later key replace an earlier one silently; in a ruleset that loses a
    concept's patterns or a rule's setting without a word, so it is an error here."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        raise RulesetError(f"{path}:{k.start_mark.line + 1}: duplicate key '{k.value}' "
                                           "(YAML would silently keep only the last one)")
                    seen.add(k.value)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return None


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


@dataclass
class RawRuleset:
    files: list[str] = field(default_factory=list)
    lexicon: dict[str, Located] = field(default_factory=dict)
    context: list[Located] = field(default_factory=list)
    rules: list[Located] = field(default_factory=list)
    facts: dict[str, Located] = field(default_factory=dict)
    evasion: dict[str, Located] = field(default_factory=dict)
    scope: list[str] = field(default_factory=list)  # concepts a document must mention to be judged
    texts: list[str] = field(default_factory=list)  # raw file contents, for the fingerprint


def ruleset_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise RulesetError(f"{p}: ruleset not found")
    return out


def load_raw(paths: list[Path]) -> RawRuleset:
    raw = RawRuleset()
    for path in ruleset_files(paths):
        data, node = _load_with_nodes(path)
        raw.files.append(str(path))
        raw.texts.append(path.read_text(encoding="utf-8"))
        if data is None:
            continue
        if not isinstance(data, dict):
            raise RulesetError(f"{path}:1: a ruleset must be a mapping with lexicon, context and rules")
        for key in data:
            if key not in TOP_KEYS:
                line = _key_lines(node).get(str(key), 1)
                raise RulesetError(f"{path}:{line}: unknown top-level key '{key}' (expected one of "
                                   f"{', '.join(sorted(TOP_KEYS))})")
        for section in ("lexicon", "facts", "evasion"):
            sec = data.get(section) or {}
            sec_node = _child(node, section)
            if not isinstance(sec, dict):
                raise RulesetError(f"{path}:{_key_lines(node).get(section, 1)}: '{section}' must be a mapping")
            for name, value in sec.items():
                vnode = _child(sec_node, name)
                line = vnode.start_mark.line + 1 if vnode is not None else 1
                target = getattr(raw, section)
                if name in target and section == "lexicon":
                    # a later file extends a concept
                    target[name] = Located(_merge_concept(target[name].value, value), str(path), line,
                                           _key_lines(vnode))
                else:
                    target[name] = Located(value, str(path), line, _key_lines(vnode))
        if "scope" in data:
            scope = data["scope"]
            raw.scope = [scope] if isinstance(scope, str) else list(scope or [])
        for section in ("context", "rules"):
            items = data.get(section) or []
            sec_node = _child(node, section)
            if not isinstance(items, list):
                raise RulesetError(f"{path}:{_key_lines(node).get(section, 1)}: '{section}' must be a list")
            nodes = sec_node.value if isinstance(sec_node, yaml.SequenceNode) else [None] * len(items)
            for item, inode in zip(items, nodes, strict=False):
                line = inode.start_mark.line + 1 if inode is not None else 1
                getattr(raw, section).append(Located(item, str(path), line, _key_lines(inode)))
    return raw


def _merge_concept(a: Any, b: Any) -> Any:
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = out.get(k, []) + v if isinstance(v, list) else v
        return out
    return b
