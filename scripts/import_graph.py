"""Print the import graph between thidua's apps: each app and what it imports, circles first.

    .venv/bin/python scripts/import_graph.py [PACKAGE_DIR_PARENT]

Uses grimp (import-linter's graph builder), so it reads the code without importing it.
"""

import sys

import grimp


def app_edges(graph) -> dict[tuple[str, str], int]:
    """(importing app, imported app) → number of module-level imports between them."""
    edges: dict[tuple[str, str], int] = {}
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = imported.split(".")
            if len(target) >= 2 and target[1] != parts[1]:
                edges[(parts[1], target[1])] = edges.get((parts[1], target[1]), 0) + 1
    return edges


def reachable(edges, start: str) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        for a, b in edges:
            if a == stack[-1] and b not in seen:
                seen.add(b)
                stack.append(b)
                break
        else:
            stack.pop()
    return seen


def main() -> None:
    if len(sys.argv) > 1:
        sys.path.insert(0, sys.argv[1])
    edges = app_edges(grimp.build_graph("thidua"))
    apps = sorted({app for pair in edges for app in pair})
    reach = {app: reachable(edges, app) for app in apps}
    tangles = sorted({tuple(sorted(b for b in reach[a] if a in reach[b])) for a in apps if a in reach[a]})
    print(f"{len(tangles)} circle(s) of imports between apps")
    for tangle in tangles:
        print(f"  apps importing each other round a circle: {', '.join(tangle)}")
    for a, b in sorted(pair for pair in edges if pair[::-1] in edges and pair[0] < pair[1]):
        print(f"  direct circle: {a} <-> {b}")
    for app in apps:
        targets = sorted(b for a, b in edges if a == app)
        print(f"{app:>14} -> {', '.join(targets) if targets else '(nothing)'}")


if __name__ == "__main__":
    main()
