"""Rendering: markdown tables (printed and written verbatim, so the report shows exactly the
figures the run printed), the report page, and the two plots (matplotlib, Agg backend)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Section", "pct", "plot_accuracy", "plot_latency", "render", "table"]


def pct(part: int, total: int) -> str:
    return f"{100 * part / total:.1f}%" if total else "n/a"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Section:
    """A titled block of markdown: prose, tables, lists. Printed as is, written as is."""

    title: str
    blocks: list[str] = field(default_factory=list)

    def add(self, *blocks: str) -> Section:
        self.blocks.extend(blocks)
        return self

    def markdown(self) -> str:
        return f"## {self.title}\n\n" + "\n\n".join(self.blocks) + "\n"


def render(header: str, sections: Sequence[Section]) -> str:
    return header.rstrip() + "\n\n" + "\n".join(s.markdown() for s in sections)


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_accuracy(series: dict[str, dict[str, list[float]]], path: Path) -> None:
    """``series[system][kind]`` = accuracy (%) at noise levels 1, 2, 3."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=110)
    styles = ["-", "--", ":", "-."]
    colours = {"city": "tab:blue", "settlement": "tab:orange", "village": "tab:green"}
    for style, (system, by_kind) in zip(styles, series.items(), strict=False):
        for kind, values in by_kind.items():
            ax.plot([1, 2, 3], values, style, marker="o", color=colours.get(kind),
                    label=f"{system}: {kind}")
    ax.set_xticks([1, 2, 3])
    ax.set_xlabel("noise level (operations applied)")
    ax.set_ylabel("name-level accuracy (%)")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.set_title("Garbled official names: accuracy by noise level and kind")
    ax.legend(fontsize=7, ncol=2, loc="lower left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def plot_latency(samples: dict[str, Sequence[float]], path: Path) -> None:
    """Histogram of per-call latencies (seconds) per system, log-scaled milliseconds."""
    import numpy as np

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.0), dpi=110)
    all_ms = [x * 1000 for s in samples.values() for x in s if x > 0]
    bins = np.logspace(np.log10(min(all_ms)), np.log10(max(all_ms)), 60)
    for name, s in samples.items():
        ax.hist([x * 1000 for x in s], bins=bins, alpha=0.55, label=name)
    ax.set_xscale("log")
    ax.set_xlabel("latency per call (ms, log scale)")
    ax.set_ylabel("queries")
    ax.set_title("resolve() vs rapidfuzz extractOne on the same garbled queries (warm)")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
