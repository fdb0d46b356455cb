"""The quick tally on screen: one key per kind of effort, u to undo, q to quit (prompt-toolkit).

The screen is a few lines drawn in place under the prompt, not a full-screen window, so the
counts stay visible in the scrollback after quitting. All the logic is in coach.review.effort.Tally.
"""

from __future__ import annotations

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import Layout
from prompt_toolkit.layout.containers import Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output

from coach.faces.terminal.clean import clean
from coach.review.effort import TALLY_KEYS, Tally


def run_tally(tally: Tally, input: Input | None = None, output: Output | None = None) -> None:
    """Show the tally and handle keys until q, Escape, Ctrl-C or Ctrl-D."""
    bindings = KeyBindings()

    def pressed(key: str) -> None:
        @bindings.add(key)
        def _(event: KeyPressEvent) -> None:
            tally.press(key)

    for key in [*TALLY_KEYS, "u"]:
        pressed(key)

    @bindings.add("q")
    @bindings.add("Q")
    @bindings.add("escape", eager=True)
    @bindings.add("c-c")
    @bindings.add("c-d")
    def _quit(event: KeyPressEvent) -> None:
        event.app.exit()

    @bindings.add("<any>")
    def _other(event: KeyPressEvent) -> None:
        # Capitals and stray keys go to the tally too; arrows and other sequences are ignored.
        if len(event.data) == 1 and event.data.isprintable():
            tally.press(event.data)

    def screen() -> FormattedText:
        return clean("\n".join(tally.lines()))

    application: Application[None] = Application(
        layout=Layout(Window(FormattedTextControl(screen), always_hide_cursor=True)),
        key_bindings=bindings, full_screen=False, input=input, output=output,
    )
    application.run()
