"""A playbook's flow as a Mermaid flowchart: steps, their order, jumps, conditions and includes.

Each step is a node. A step with `when` gets a diamond in front of it: "yes" runs the step, "no"
skips to the step after. Arrows follow the walk of the engine: to the next step, along each
`next` rule (dotted when it jumps back, which is limited), and to the end. An included playbook
is drawn as a subgraph; its `end` returns to the flow that included it.

Every text from the playbook is escaped, so no label can break the chart or smuggle in markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from coach.playbook.model import END, Playbook, Step
from coach.playbook.steps import kind_of

MAX_LABEL = 60
MAX_DEPTH = 4
"""Includes deeper than this are drawn as one labelled node rather than opened up."""

_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
    "&": "#38;",
}


def escape(text: str, limit: int = MAX_LABEL) -> str:
    """Text made safe inside a quoted Mermaid label: one line, entities for the special marks.

    >>> escape('Say "hi" [now]')
    'Say #quot;hi#quot; #91;now#93;'
    """
    flat = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return "".join(_ENTITIES.get(char, char) for char in flat)


@dataclass
class _Chart:
    library: Mapping[str, Playbook]
    lines: list[str] = field(default_factory=lambda: ["flowchart TD"])
    includes: int = 0
    known: set[str] = field(default_factory=set)

    def node(self, node_id: str, shape: str, label: str, indent: str) -> None:
        opening, closing = shape.split("_")
        self.lines.append(f'{indent}{node_id}{opening}"{label}"{closing}')

    def edge(
        self, source: str, target: str, label: str = "", dotted: bool = False, indent: str = "    "
    ) -> None:
        arrow = "-.->" if dotted else "-->"
        text = f'|"{escape(label)}"|' if label else ""
        self.lines.append(f"{indent}{source} {arrow}{text} {target}")

    def flow(self, playbook: Playbook, prefix: str, exit_id: str, depth: int, indent: str) -> str:
        """Draw one playbook's steps; returns the id where the flow enters it."""
        steps = playbook.steps
        ids = [f"{prefix}{step.id}" for step in steps]
        position = {step.id: index for index, step in enumerate(steps)}
        entries = [
            self.step_node(step, node_id, depth, indent)
            for step, node_id in zip(steps, ids, strict=True)
        ]
        # Where the flow arrives when it comes to a step: its condition first, if it has one.
        arrive = [
            f"w_{node_id}" if step.when is not None else entry
            for step, node_id, entry in zip(steps, ids, entries, strict=True)
        ]
        arrive.append(exit_id)
        for index, step in enumerate(steps):
            node_id, leave = ids[index], entries[index]
            if step.include is not None and f"r_{node_id}" in self.known:
                leave = f"r_{node_id}"
            if step.when is not None:
                self.node(f"w_{node_id}", "{_}", escape(step.when.source), indent)
                self.edge(f"w_{node_id}", entries[index], "yes", indent=indent)
                self.edge(f"w_{node_id}", arrive[index + 1], "no", indent=indent)
            falls_through = True
            for jump in step.next:
                target = len(steps) if jump.goto == END else position.get(jump.goto)
                if target is None:
                    continue
                back = target <= index
                label = f"if {jump.when.source}" if jump.when is not None else ""
                if back:
                    label = (label + ", " if label else "") + f"at most {jump.limit}x"
                self.edge(leave, arrive[target], label, dotted=back, indent=indent)
                if jump.when is None and not back:
                    falls_through = False
                    break
            if falls_through:
                label = "otherwise" if step.next else ""
                self.edge(leave, arrive[index + 1], label, indent=indent)
        return arrive[0]

    def step_node(self, step: Step, node_id: str, depth: int, indent: str) -> str:
        self.known.add(node_id)
        inner = self.library.get(step.include or "")
        if step.include is not None and inner is not None and depth < MAX_DEPTH:
            self.includes += 1
            prefix = f"i{self.includes}_"
            ret = f"r_{node_id}"
            self.known.add(ret)
            self.lines.append(f'{indent}subgraph {node_id} ["{escape(f"include: {inner.id}")}"]')
            self.node(ret, "([_])", f"back from {escape(inner.id)}", indent + "    ")
            entry = self.flow(inner, prefix, ret, depth + 1, indent + "    ")
            self.lines.append(f"{indent}end")
            return entry
        if step.include is not None:
            self.node(node_id, "[[_]]", escape(f"{step.id}: include {step.include}"), indent)
            return node_id
        kind = kind_of(step)
        text = step.ask.source if step.ask is not None else ""
        label = escape(f"{step.id} ({kind.name})") + (f"<br/>{escape(text)}" if text else "")
        self.node(node_id, "(_)" if kind.says else "[_]", label, indent)
        return node_id


def mermaid(playbook: Playbook, library: Mapping[str, Playbook]) -> str:
    """The playbook's flow as Mermaid text (`flowchart TD`)."""
    chart = _Chart(library)
    chart.node("start", "([_])", escape(f"start: {playbook.title}"), "    ")
    chart.node("stop", "([_])", "end", "    ")
    entry = chart.flow(playbook, "s_", "stop", 0, "    ")
    chart.edge("start", entry)
    return "\n".join(chart.lines) + "\n"
