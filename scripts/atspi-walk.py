#!/usr/bin/python3
"""Walks Critical Friend's window as a screen reader (Orca) does: through
AT-SPI, from outside the process. Prints every node's role, name and value,
then the controls a screen reader could not tell apart, and exits 1 if
there are any.

Run it by `scripts/atspi-walk.sh`, which starts Xvfb, a D-Bus session and
the accessibility bus, turns accessibility on, and starts the app. Each
argument names a button (by the start of its name) to press first, through
AT-SPI, in order: `Cancel`, `Open Example`, `Action plan` walks the plan.
"""

import sys
import time

import pyatspi

CONTROLS = {
    "push button",
    "check box",
    "radio button",
    "text",
    "entry",
    "combo box",
    "slider",
    "spin button",
    "link",
    "toggle button",
}


def find_app(name, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and name in (app.name or "").lower():
                return app
        time.sleep(0.5)
    return None


def value_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        pass
    try:
        return str(node.queryValue().currentValue)
    except NotImplementedError:
        return None


def walk(node, depth, lines, problems):
    role = node.getRoleName()
    name = node.name or ""
    value = value_of(node) if role in ("combo box", "text", "entry") else None
    shown = f"{'  ' * depth}{role}: {name!r}"
    if value:
        shown += f" = {value!r}"
    lines.append(shown)
    if role in CONTROLS and not name.strip():
        problems.append(f"a {role} with no name (depth {depth})")
    # AT-SPI passes no value for a combo box, so the app says it in the
    # name: "Status of action 1: Amber".
    if role == "combo box" and not (value or "").strip() and ": " not in name:
        problems.append(f"the combo box {name!r} does not say its value")
    if role == "frame" and not name.strip():
        problems.append("the window has no name")
    if role == "dialog" and not name.strip():
        problems.append("a dialog with no name")
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        if child is not None:
            walk(child, depth + 1, lines, problems)


def buttons(node):
    if node.getRoleName() in ("push button", "toggle button", "radio button"):
        yield node
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        if child is not None:
            yield from buttons(child)


def find_button(node, prefix):
    """The button named `prefix` exactly, or else the first whose name
    starts with it ("Save" is not "Save my key card…")."""
    found = None
    for button in buttons(node):
        name = button.name or ""
        if name == prefix:
            return button
        if found is None and name.startswith(prefix):
            found = button
    return found


def press(app, prefix):
    """Presses the button named `prefix` (or the first whose name starts
    with it), through AT-SPI's Action interface, as a screen reader user
    would."""
    button = find_button(app, prefix)
    if button is None:
        print(f"no button named {prefix!r}", file=sys.stderr)
        return False
    button.queryAction().doAction(0)
    time.sleep(1.5)
    return True


def main():
    app = find_app("critical", 30)
    if app is None:
        print("Critical Friend did not appear on the accessibility bus", file=sys.stderr)
        return 2
    for prefix in sys.argv[1:]:
        if not press(app, prefix):
            return 2
    lines, problems = [], []
    walk(app, 0, lines, problems)
    print("\n".join(lines))
    controls = sum(1 for line in lines if line.strip().split(":")[0] in CONTROLS)
    print(f"\n{len(lines)} nodes, {controls} controls, {len(problems)} problems")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
