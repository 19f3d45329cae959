"""Reading a user's TOML config file into an `AuditConfig`: unknown keys, wrong types and values
out of range are errors naming the file and the key."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any, get_type_hints

from audit.config import AuditConfig
from audit.errors import AuditInputError


def load_config(path: Path | None) -> AuditConfig:
    """The default config, overridden by the TOML file at `path` when one is given."""
    if path is None:
        return AuditConfig()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AuditInputError(str(path), "config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditInputError(str(path), f"cannot read config file: {exc}") from None
    return parse_config(text, origin=str(path))


def parse_config(text: str, *, origin: str) -> AuditConfig:
    """The default config overridden by TOML `text` (a file's content, or an upload's);
    errors name `origin`."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AuditInputError(origin, f"not valid TOML: {exc}") from None
    config = _build(AuditConfig, raw, origin=origin, prefix="")
    if config.align.fuzzy_weight + config.align.phrase_weight > 1.0:
        # the rest of the same-claim score is the cosine's share: it cannot be negative
        raise AuditInputError(origin, "align.fuzzy_weight + align.phrase_weight must not exceed 1")
    defaults = AuditConfig().align
    for key in ("claim_coefficients", "title_coefficients"):
        # one bias and one weight per feature of audit.align.probability.FEATURES
        wanted = len(getattr(defaults, key))
        if len(getattr(config.align, key)) != wanted:
            raise AuditInputError(
                origin, f"align.{key} needs {wanted} numbers (bias, then weights)"
            )
    return config


def _build(cls: type, raw: dict[str, Any], *, origin: str, prefix: str) -> Any:
    hints = get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise AuditInputError(origin, f"unknown config key {prefix}{unknown[0]}")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        hint = hints[name]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                raise AuditInputError(origin, f"config key {prefix}{name} must be a table")
            values[name] = _build(hint, value, origin=origin, prefix=f"{prefix}{name}.")
        else:
            checked = _checked(value, hint, origin=origin, key=f"{prefix}{name}")
            values[name] = _in_range(checked, known[name].default, origin, f"{prefix}{name}")
    return cls(**values)


def _in_range(value: Any, default: Any, origin: str, key: str) -> Any:
    """Counts, sizes and weights are never negative; a float whose default lies in [0, 1] is a
    score, share or threshold on the one [0, 1] scale and must stay there."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if value < 0:
        raise AuditInputError(origin, f"config key {key} must not be negative")
    if isinstance(default, float) and 0.0 <= default <= 1.0 and value > 1.0:
        raise AuditInputError(origin, f"config key {key} is a score in [0, 1]")
    return value


def _checked(value: Any, hint: Any, *, origin: str, key: str) -> Any:
    if getattr(hint, "__origin__", None) is tuple:
        return _checked_tuple(value, hint, origin=origin, key=key)
    allowed = getattr(hint, "__args__", None) or (hint,)
    if isinstance(value, bool) and bool not in allowed:
        raise AuditInputError(origin, f"config key {key} must be {_describe(allowed)}")
    if isinstance(value, int) and float in allowed and int not in allowed:
        return float(value)
    if isinstance(value, list) and tuple in {getattr(a, "__origin__", a) for a in allowed}:
        return tuple(value)
    if not isinstance(value, tuple(getattr(a, "__origin__", a) for a in allowed)):
        raise AuditInputError(origin, f"config key {key} must be {_describe(allowed)}")
    return value


def _checked_tuple(value: Any, hint: Any, *, origin: str, key: str) -> tuple[Any, ...]:
    """A homogeneous `tuple[X, ...]` field: TOML gives a list, whose items must all be X."""
    item = hint.__args__[0]
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, item) and not isinstance(v, bool) for v in value
    ):
        raise AuditInputError(origin, f"config key {key} must be a list of {item.__name__}")
    return tuple(value)


def _describe(allowed: tuple[Any, ...]) -> str:
    names = [getattr(a, "__name__", str(a)) for a in allowed if a is not type(None)]
    return " or ".join(names)
