"""`corpusbot chat`: the bot's conversation in a terminal, no Telegram needed.

The same commands and the same replies as the Telegram bot (both come from
bot.conversation); messages are the renderer's HTML shown as plain text, and buttons are
numbered: type the number to press one. A short question follows up the previous one as in a
private chat (bot.followups, in memory); 👍 / 👎 are counted for this session only, and no
question is kept.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot import render, render_plain, texts
from bot.config import Settings
from bot.conversation import Button, Conversation, Reply, strip_addressing
from bot.feedback import Feedback
from bot.followups import ChatMemory, Clock
from bot.service import CorpusService
from index.corpus import Corpus
from index.errors import CorpusError

BOT_NAME = "corpusbot"  # how the help texts name the bot here
QUIT = frozenset({"/quit", "/exit", "/q"})


class TerminalChat:
    """One terminal conversation: the last reply's buttons can be pressed by number."""

    def __init__(
        self,
        conversation: Conversation,
        out: TextIO,
        width: int = 88,
        clock: Clock = time.monotonic,
    ) -> None:
        self.conversation = conversation
        self.out = out
        self.width = width
        self.clock = clock
        self.memory = ChatMemory()  # the question a follow-up leans on
        self.shown = 0  # replies with messages so far: which message a 👍 / 👎 is about
        self.last: Reply | None = None
        self.last_text: str | None = None  # the last message as Telegram would store it
        self.asked: str | None = None  # the user's line that the last reply answers
        self.commands: dict[str, Callable[[str], Awaitable[Reply]]] = {
            "start": conversation.start,
            "help": self._help,
            "ask": self._ask,
            "dates": conversation.dates,
            "search": conversation.search,
            "sources": self._sources,
            "new": self._new,
        }

    async def _help(self, _: str) -> Reply:
        return self.conversation.help()

    async def _sources(self, _: str) -> Reply:
        return await self.conversation.sources()

    async def _new(self, _: str) -> Reply:
        self.memory.forget()
        return self.conversation.new()

    async def _ask(self, question: str) -> Reply:
        if not question:
            usage = texts.ASK_USAGE.format(example=texts.ASK_USAGE_EXAMPLE)
            return Reply((render.text_html(usage),))
        return await self._question(question)

    async def _question(self, question: str) -> Reply:
        """Answer `question`, read with the previous one when it follows it up."""
        window = self.conversation.settings.followups.minutes * 60
        reading = self.memory.read(question, self.clock(), window)
        if reading.follows:
            return await self.conversation.answer(reading.text, typed=question)
        return await self.conversation.answer(question)

    async def handle(self, line: str) -> bool:
        """Reply to one input line; False when the user wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line.lower() in QUIT:
            return False
        try:
            reply = await self._reply(line)
        except CorpusError as error:
            self._print(f"{texts.CORPUS_UNAVAILABLE} ({error})")
            return True
        self.show(reply)
        if reply.reading:
            self.memory.remember(reply.reading, self.clock())
        if reply.messages:
            self.shown += 1
            self.last, self.last_text = reply, render.visible(reply.messages[-1])
            if not line.isdigit():
                self.asked = line
        return True

    async def _reply(self, line: str) -> Reply:
        if line.isdigit():
            return await self._press(int(line))
        if line.startswith("/"):
            name = line[1:].split(maxsplit=1)[0].split("@", 1)[0].lower()
            command = self.commands.get(name)
            if command is None:
                return Reply((render.text_html(texts.CHAT_UNKNOWN_COMMAND),))
            return await command(strip_addressing(line, BOT_NAME))
        return await self._question(line)

    def _buttons(self) -> list[Button]:
        if self.last is None:
            return []
        return [b for row in self.last.buttons for b in row if b.data is not None]

    async def _press(self, number: int) -> Reply:
        buttons = self._buttons()
        if not 1 <= number <= len(buttons):
            return Reply(notice=texts.CHAT_NO_SUCH_BUTTON.format(number=number))
        data = buttons[number - 1].data
        voter = f"terminal:{self.shown}"  # the last reply's buttons are the ones pressed
        return await self.conversation.press(data, self.last_text, self.asked, voter=voter)

    def show(self, reply: Reply) -> None:
        """Print a reply: messages as plain text, then the numbered buttons."""
        if reply.notice:
            self._print(reply.notice)
        for message in reply.messages:
            self._print(render_plain.plain(message, self.width))
        pressable = [b for row in reply.buttons for b in row if b.data is not None]
        if pressable:
            labels = "  ".join(f"[{n}] {b.label}" for n, b in enumerate(pressable, 1))
            self._print(f"{texts.CHAT_BUTTONS} {labels}")

    def _print(self, text: str) -> None:
        print(f"{text}\n", file=self.out, flush=True)


async def chat(
    settings: Settings,
    corpus: Corpus,
    lines: TextIO | None = None,
    out: TextIO | None = None,
    *,
    interactive: bool | None = None,
) -> int:
    """Run the conversation until end of input or /quit; returns the exit status.

    Reads stdin and writes stdout by default; an interactive terminal gets a prompt, piped
    input is echoed after `you> ` so that a transcript reads like the conversation.
    """
    lines = sys.stdin if lines is None else lines
    out = sys.stdout if out is None else out
    interactive = lines.isatty() if interactive is None else interactive
    service = CorpusService(corpus)
    await service.open()
    width = max(40, min(100, shutil.get_terminal_size((88, 20)).columns))
    conversation = Conversation(service, settings, BOT_NAME, Feedback())
    session = TerminalChat(conversation, out, width)
    try:
        if interactive:
            print(f"{texts.CHAT_BANNER}\n", file=out, flush=True)
        while True:
            if interactive:
                try:
                    line = await asyncio.to_thread(input, "you> ")
                except EOFError:
                    break
            else:
                line = lines.readline()
                if not line:
                    break
                if line.strip():
                    print(f"you> {line.strip()}\n", file=out, flush=True)
            if not await session.handle(line):
                break
    finally:
        await service.close()
    return 0
