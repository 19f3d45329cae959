"""How many cores this process may use: the cores `taskset` or a cpuset allows, fewer when a
cgroup CPU quota (a container's `--cpus`, systemd's `CPUQuota=`) gives less time than that.
`audit run` forks children only with two or more (`audit.beside`); `audit group` takes one
reader per core, up to its cap (`audit.group.extract`)."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """Cores this process may run on: those `taskset` or a cpuset allows, fewer when a cgroup
    CPU quota (a container's `--cpus`, systemd's `CPUQuota=`) gives less time than that."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    quota = _cgroup_cpu_quota()
    return max(1, min(cores or 1, int(quota) if quota is not None else cores or 1))


def _cgroup_cpu_quota(root: str = "/sys/fs/cgroup", own: str = "/proc/self/cgroup") -> float | None:
    """The tightest CPU quota, in cores, of this process's cgroup and its ancestors: cgroup v2's
    `cpu.max` ("200000 100000" is 2.0), and v1's `cpu/cpu.cfs_quota_us` / `cpu.cfs_period_us`
    (its root folder only); None when unlimited or unknown. `own`: this process's cgroups."""
    found = [q for q in (*_v2_quotas(root, own), _v1_quota(root)) if q is not None]
    return min(found) if found else None


def _v2_quotas(root: str, own: str) -> list[float | None]:
    """cpu.max of the cgroup named in `own` ("0::/a/b") and of each folder above it."""
    folder = _own_cgroup(root, own)
    quotas = []
    while True:
        quotas.append(_quota_of(_read(os.path.join(folder, "cpu.max")).split()))
        if os.path.normpath(folder) == os.path.normpath(root):
            return quotas
        folder = os.path.dirname(folder)


def _own_cgroup(root: str, own: str) -> str:
    for line in _read(own).splitlines():
        if line.startswith("0::"):
            inside = os.path.normpath(os.path.join(root, line[3:].lstrip("/")))
            if inside.startswith(os.path.normpath(root)):
                return inside
    return root


def _v1_quota(root: str) -> float | None:
    folder = os.path.join(root, "cpu")
    quota = _read(os.path.join(folder, "cpu.cfs_quota_us")).strip()
    period = _read(os.path.join(folder, "cpu.cfs_period_us")).strip()
    return _quota_of([quota, period]) if quota not in ("", "-1") else None


def _quota_of(fields: list[str]) -> float | None:
    if len(fields) < 2 or fields[0] == "max":
        return None
    try:
        quota = int(fields[0]) / int(fields[1])
    except (ValueError, ZeroDivisionError):
        return None
    return quota if quota > 0 else None


def _read(path: str) -> str:
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read()
    except (OSError, ValueError):
        return ""
