"""The include graph of a set of playbooks: cycles, how deep includes nest, how far they expand.

A playbook file is untrusted input, so nothing here recurses along includes: a chain of a
thousand playbooks, or a diamond of includes that doubles at every level, is walked once per
playbook with explicit stacks, and each result is kept. The engine expands includes as it
runs, so a checked playbook may nest at most MAX_INCLUDE_DEPTH deep and expand to at most
MAX_EXPANDED_STEPS steps; anything past that is reported on the file, at the include step.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping

from coach.errors import Diagnostic
from coach.playbook.model import MAX_EXPANDED_STEPS, MAX_INCLUDE_DEPTH, Playbook, Step


def _includes(playbook: Playbook, library: Mapping[str, Playbook]) -> list[Step]:
    """The include steps of `playbook` whose playbook exists (unknown ones are reported apart)."""
    return [step for step in playbook.steps
            if step.type == "include" and step.include in library]


def _cycle_through(edges: Mapping[str, list[Step]], start: str, goal: str) -> list[str] | None:
    """The shortest include path from `start` back to `goal`, or None if there is none."""
    came_from: dict[str, str | None] = {start: None}
    todo = deque([start])
    while todo:
        here = todo.popleft()
        if here == goal:
            path: list[str] = []
            walker: str | None = here
            while walker is not None:
                path.append(walker)
                walker = came_from[walker]
            return path[::-1]
        for step in edges[here]:
            target = str(step.include)
            if target not in came_from:
                came_from[target] = here
                todo.append(target)
    return None


def include_cycles(library: Mapping[str, Playbook]) -> Iterator[tuple[Playbook, Step, list[str]]]:
    """Each include step that closes a cycle, with the cycle read from its playbook's side."""
    measure = _Measure(library)
    if not measure.has_cycle:
        return  # the usual case, found in one pass: no path needs looking for
    for playbook in library.values():
        for step in measure.edges[playbook.id]:
            back = _cycle_through(measure.edges, str(step.include), playbook.id)
            if back is not None:
                yield playbook, step, [playbook.id, *back]


class _Measure:
    """For every playbook: how deep its includes nest and how many steps they expand to."""

    def __init__(self, library: Mapping[str, Playbook]) -> None:
        self.library = library
        self.depth: dict[str, int] = {}
        self.size: dict[str, int] = {}
        self.deepest: dict[str, Step | None] = {}
        self.edges = {pid: _includes(playbook, library) for pid, playbook in library.items()}
        self.has_cycle = False
        visiting: set[str] = set()
        for root in library:
            if root in self.depth:
                continue
            visiting.add(root)
            stack = [(root, iter(self.edges[root]))]
            while stack:
                playbook_id, pending = stack[-1]
                for step in pending:
                    target = str(step.include)
                    if target in visiting:
                        self.has_cycle = True
                    elif target not in self.depth:
                        visiting.add(target)
                        stack.append((target, iter(self.edges[target])))
                        break
                else:
                    stack.pop()
                    visiting.discard(playbook_id)
                    self._settle(playbook_id)

    def _settle(self, playbook_id: str) -> None:
        # An include still being visited closes a cycle, reported on its own; it adds nothing.
        playbook = self.library[playbook_id]
        depth, deepest, size = 0, None, 0
        for step in playbook.steps:
            target = step.include if step.type == "include" else None
            if target is None or target not in self.library:
                size += 1
                continue
            if target not in self.depth:
                continue
            size += self.size[target]
            if self.depth[target] + 1 > depth:
                depth, deepest = self.depth[target] + 1, step
        self.depth[playbook_id] = depth
        self.deepest[playbook_id] = deepest
        # Kept just past the cap, so a doubling diamond never builds a huge number.
        self.size[playbook_id] = min(size, MAX_EXPANDED_STEPS + 1)

    def chain(self, playbook_id: str) -> list[str]:
        """The ids along the deepest include chain from `playbook_id`."""
        chain = [playbook_id]
        step = self.deepest[playbook_id]
        while step is not None:
            chain.append(str(step.include))
            step = self.deepest[chain[-1]]
        return chain


def _shown(chain: list[str]) -> str:
    if len(chain) <= 6:
        return " -> ".join(chain)
    return " -> ".join([*chain[:3], "...", *chain[-2:]])


def include_problems(library: Mapping[str, Playbook]) -> Iterator[tuple[str, Diagnostic]]:
    """Each playbook whose includes nest too deep or expand too far, as (its id, the problem)."""
    measure = _Measure(library)
    for playbook_id, playbook in library.items():
        depth, step = measure.depth[playbook_id], measure.deepest[playbook_id]
        if depth > MAX_INCLUDE_DEPTH and step is not None:
            yield playbook_id, Diagnostic(
                playbook.path, step.line, step.column,
                f"step '{step.id}': includes nest {depth} playbooks deep "
                f"({_shown(measure.chain(playbook_id))}), more than the {MAX_INCLUDE_DEPTH} allowed",
                "let fewer playbooks include each other in a row")
        elif measure.size[playbook_id] > MAX_EXPANDED_STEPS and measure.edges[playbook_id]:
            first = measure.edges[playbook_id][0]
            yield playbook_id, Diagnostic(
                playbook.path, first.line, first.column,
                f"with its includes, the playbook runs to more than {MAX_EXPANDED_STEPS} steps",
                "include fewer playbooks, or the same one fewer times")
