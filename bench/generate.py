"""A deterministic generator of synthetic article corpora in the content format.

Every article is a Markdown file with front matter (title, url, published,
author, source) and about 800 words in paragraphs. Words follow a Zipf-like
distribution over a vocabulary of English function words, common news words
and a long tail of made-up words; each article has its own few people, an
organisation, a place and topic words that recur through it; dates are written
the ways articles write them ("4 May 2020", "on May 4", "in 2011", "last
year", "in October of last year", "since the autumn of 2019").

Article `i` depends only on (seed, i), so the corpus of 10k articles holds the
one of 1k, and any single file can be written again (the runner restores the
files it changes that way). Questions are planted: question q is answered by
one sentence of article 5q (with a rare word of its own), and a distractor
sentence with the same rare word but not the answer sits in article 5q+2 or
5q+3.

    python -m bench.generate --size 10000 [--seed 7] [--out bench/out/corpora]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 7
OUT = Path(__file__).resolve().parent / "out"
QUESTION_STRIDE = 5  # question q is answered by article 5q
MAX_QUESTIONS = 200

FUNCTION_WORDS = """the of and to a in that is for on it with as was by he at from his be are this
which or have an they not had has but were their its been who would will there all more also she
after than said when other into can her about only over new first these we up some most them our
out may could if what time many so year people him between against while during under before
such where both those because through each since without however them among until within
""".split()

NEWS_WORDS = """government minister president country state council policy economic security
development cooperation international national regional summit meeting agreement trade energy oil
gas market investment growth budget reform election vote parliament law court report crisis
conflict peace war border region city capital province water health hospital school university
student worker farmer price cost tax bank company industry project plan programme strategy support
members leaders officials talks visit delegation conference organisation movement rights justice
public private local global foreign domestic infrastructure transport road railway port airport
bridge climate environment river mountain coast island village population community family
children women youth culture history museum festival sport team record data research science
technology digital network media press newspaper television radio statement interview analysis
decision proposal commission committee agency ministry department office director chairman
secretary ambassador embassy treaty alliance partnership relations dialogue negotiation sanctions
exports imports production supply demand food crop harvest drought flood storm earthquake
emergency aid recovery pandemic vaccine disease doctors nurses teachers police army soldiers
ceasefire refugees migration housing rent wages jobs unemployment inflation currency debt loan
fund grant contract tender construction pipeline electricity grid solar wind coal nuclear mining
fishing tourism hotels exhibition concert award prize book film theatre language religion church
mosque temple heritage monument square street district neighbourhood residents voters campaign
candidate party opposition coalition protest strike union court judge lawyer prosecutor trial
verdict appeal investigation corruption scandal audit inspection standards quality safety risk
threat attack defence military exercise troops navy missile drone satellite launch mission space
observatory laboratory experiment survey census study figures percent share majority minority
agenda priority principle sovereignty independence integrity stability prosperity dignity
solidarity responsibility leadership vision commitment initiative framework platform forum
session resolution declaration communique memorandum charter accord protocol mechanism
""".split()

VERBS = """announced reported signed approved rejected opened launched visited discussed agreed
warned called urged expected planned increased reduced expanded built hosted chaired welcomed
praised criticised proposed adopted confirmed denied declared stressed noted added explained
described highlighted underlined emphasised acknowledged promised pledged invested funded supported
opposed blocked delayed postponed cancelled resumed completed finished started began continued
remained became seemed appeared reached crossed entered left returned moved shifted rose fell
doubled
""".split()

FIRST_NAMES = """Anna Maria David Elena Omar Leila Samuel Nadia Peter Sofia Ahmed Irina James Laura
Karim Mei Daniel Fatima Lucas Olga Rashid Clara Tomas Aisha Viktor Ines Jonas Zara Emil Nora Hugo
Amara Felix Rosa Idris Vera Mateo Lina Oskar Dana Ravi Hana Pavel Maya Tariq Iris Leon Yara
""".split()

ORG_KINDS = """Council Institute Commission Foundation Bank Agency Group Forum Alliance Union
Authority Trust Network Centre Society""".split()

SOURCE_KINDS = "Daily Times Review Post News Herald Observer Journal Tribune Monitor".split()

COUNTABLES = """residents workers delegates volunteers students farmers people households
families visitors soldiers teachers doctors companies schools villages""".split()

MONTHS = """January February March April May June July August September October November
December""".split()
SEASONS = ["spring", "summer", "autumn", "winter"]

# Planted facts: (kind, answer sentence, question, distractor sentence).
# {X} is a rare word of this question alone; {P} a person, {O} an organisation.
FACILITIES = "bridge library hospital port museum terminal factory stadium pipeline dam".split()
BODIES = "commission foundation council institute committee alliance forum network".split()
EVENTS = "summit festival strike census exercise conference congress fair".split()
ACCORDS = "agreement treaty accord charter memorandum".split()
PROGRAMMES = "programme scholarship project initiative scheme".split()
ROLES = "diplomat judge engineer journalist banker surgeon".split()


def fact_templates() -> list[tuple[str, str, str, str]]:
    """The kinds of planted fact: kind, sentence, question, distractor."""
    return [
        (
            "when",
            "{P} opened the {X} {facility} on {date}.",
            "When did {P} open the {X} {facility}?",
            "Residents near the {X} {facility} complained about the noise and the traffic.",
        ),
        (
            "when-relative",
            "The {X} {body} was founded in {month} of last year, according to {P}.",
            "When was the {X} {body} founded?",
            "Members of the {X} {body} met officials from {O} to discuss the budget.",
        ),
        (
            "how-many",
            "About {number} {countable} took part in the {X} {event}, the organisers said.",
            "How many {countable} took part in the {X} {event}?",
            "The {X} {event} was covered widely by the regional press.",
        ),
        (
            "who",
            "The {X} {body} is chaired by {P}, a former {role}.",
            "Who chairs the {X} {body}?",
            "The {X} {body} published its annual report and thanked its members.",
        ),
        (
            "what",
            "The {X} {accord} covers {Y} exports and the fishing rights of the coastal villages.",
            "What does the {X} {accord} cover?",
            "Talks on the {X} {accord} stalled after the elections.",
        ),
        (
            "since-when",
            "{O} has funded the {X} {programme} since the {season} of {year}.",
            "Since when has {O} funded the {X} {programme}?",
            "Critics of the {X} {programme} asked {O} to publish its accounts.",
        ),
    ]


@dataclass(frozen=True)
class BenchQuestion:
    """A planted question with the article that answers it and its distractor."""

    number: int
    kind: str
    question: str
    article_id: str
    distractor_id: str
    sentence: str


@dataclass(frozen=True)
class Vocabulary:
    """Everything drawn from the seed once: words, their Zipf weights, entities."""

    words: list[str]
    cum_weights: list[float]
    persons: list[str]
    orgs: list[str]
    places: list[str]
    sources: list[str]
    entity_cum: list[float]
    reserved: list[str]  # rare words that only planted facts use


def _pseudo_words(rng: random.Random, count: int, exclude: set[str]) -> list[str]:
    onsets = "b c d f g h k l m n p r s t v z b d l m n r s t br st tr sh".split()
    vowels = "a e i o u a e i o ai".split()
    codas = ["", "", "", "", "n", "r", "l", "s", "m", "nd", "k", "t"]
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        syllables = rng.choice((2, 2, 2, 2, 3))
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables)
        )
        if len(word) < 4 or word in seen or word in exclude:
            continue
        seen.add(word)
        out.append(word)
    return out


def _zipf_cum(count: int, exponent: float = 1.07, shift: float = 2.7) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + shift) ** exponent for rank in range(count)))


@lru_cache(maxsize=4)
def vocabulary(seed: int) -> Vocabulary:
    """The vocabulary and entity pools of `seed` (the same in every process)."""
    rng = random.Random(f"vocabulary:{seed}")
    real = set(FUNCTION_WORDS) | set(NEWS_WORDS) | set(VERBS)
    real |= {w.lower() for w in FIRST_NAMES + ORG_KINDS + SOURCE_KINDS + MONTHS + SEASONS}
    pseudo = _pseudo_words(rng, 40_000 + 4_000 + 3_000, real)
    tail, names, reserved = pseudo[:40_000], pseudo[40_000:44_000], pseudo[44_000:]
    middle = NEWS_WORDS + VERBS
    rng.shuffle(middle)
    words = FUNCTION_WORDS + middle + tail
    cap = [n.capitalize() for n in names]
    persons = [f"{rng.choice(FIRST_NAMES)} {cap[i]}" for i in range(0, 2400)]
    orgs = [f"{cap[i]} {rng.choice(ORG_KINDS)}" for i in range(2400, 3200)]
    places = [cap[i] for i in range(3200, 3900)]
    sources = [f"The {cap[i]} {rng.choice(SOURCE_KINDS)}" for i in range(3900, 3940)]
    return Vocabulary(
        words=words,
        cum_weights=_zipf_cum(len(words)),
        persons=persons,
        orgs=orgs,
        places=places,
        sources=sources,
        entity_cum=_zipf_cum(700, exponent=0.9, shift=1.0),
        reserved=reserved,
    )


def article_id(number: int) -> str:
    """The id (path under content/) of article `number`."""
    return f"{number // 1000:03d}/a{number:06d}.md"


def question_count(size: int) -> int:
    """How many planted questions a corpus of `size` articles has."""
    return min(MAX_QUESTIONS, size // QUESTION_STRIDE)


def _published(rng: random.Random) -> dt.date:
    return dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(15 * 365))


def _date_phrase(rng: random.Random, year: int) -> str:
    past = year - rng.randint(0, 12)
    month = rng.choice(MONTHS)
    day = rng.randint(1, 28)
    return rng.choice(
        (
            f"on {day} {month} {past}",
            f"on {day} {month} {past}",
            f"on {month} {day}",
            f"in {past}",
            f"in {past}",
            "last year",
            f"in {month} of last year",
            f"since the {rng.choice(SEASONS)} of {past}",
            f"in {month} {past}",
        )
    )


@lru_cache(maxsize=256)
def _question_spec(seed: int, number: int) -> dict[str, str]:
    """The fill-ins of planted question `number` (independent of the corpus size)."""
    vocab = vocabulary(seed)
    rng = random.Random(f"question:{seed}:{number}")
    templates = fact_templates()
    kind, sentence, question, distractor = templates[number % len(templates)]
    published = _published(random.Random(f"article:{seed}:{number * QUESTION_STRIDE}"))
    year = published.year - rng.randint(1, 8)
    fills = {
        "P": rng.choice(vocab.persons),
        "O": rng.choice(vocab.orgs),
        "X": vocab.reserved[2 * number].capitalize(),
        "Y": vocab.reserved[2 * number + 1].capitalize(),
        "facility": rng.choice(FACILITIES),
        "body": rng.choice(BODIES),
        "event": rng.choice(EVENTS),
        "accord": rng.choice(ACCORDS),
        "programme": rng.choice(PROGRAMMES),
        "role": rng.choice(ROLES),
        "countable": rng.choice(COUNTABLES),
        "number": f"{rng.randint(120, 9800):,}",
        "month": rng.choice(MONTHS),
        "season": rng.choice(SEASONS),
        "year": str(year),
        "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}",
    }
    return {
        "kind": kind,
        "sentence": sentence.format(**fills),
        "question": question.format(**fills),
        "distractor": distractor.format(**fills),
        "distractor_offset": str(2 + rng.randint(0, 1)),
    }


def questions(seed: int, size: int) -> list[BenchQuestion]:
    """The planted questions of a corpus of `size` articles."""
    found = []
    for number in range(question_count(size)):
        spec = _question_spec(seed, number)
        target = number * QUESTION_STRIDE
        found.append(
            BenchQuestion(
                number=number,
                kind=spec["kind"],
                question=spec["question"],
                article_id=article_id(target),
                distractor_id=article_id(target + int(spec["distractor_offset"])),
                sentence=spec["sentence"],
            )
        )
    return found


def probe(seed: int, number: int) -> tuple[str, str]:
    """A fact no article states (sentence, question), for the incremental benchmark."""
    vocab = vocabulary(seed)
    word = vocab.reserved[2 * MAX_QUESTIONS + number].capitalize()
    facility = FACILITIES[number % len(FACILITIES)]
    day, month = 1 + number % 28, MONTHS[number % 12]
    return (
        f"The {word} {facility} reopened on {day} {month} 2021 after repairs.",
        f"When did the {word} {facility} reopen?",
    )


def date_topics(seed: int) -> list[str]:
    """Topics for the timeline (`dates`) benchmark: names, years, ranges, words."""
    vocab = vocabulary(seed)
    rng = random.Random(f"topics:{seed}")
    topics: list[str] = []
    for number in range(40):
        choice = number % 5
        if choice == 0:
            topics.append(vocab.persons[rng.randrange(40)])
        elif choice == 1:
            topics.append(vocab.orgs[rng.randrange(40)])
        elif choice == 2:
            topics.append(f"{vocab.places[rng.randrange(40)]} {rng.randint(2005, 2023)}")
        elif choice == 3:
            start = rng.randint(2005, 2020)
            topics.append(f"{rng.choice(NEWS_WORDS)} {start}-{start + rng.randint(1, 3)}")
        else:
            topics.append(f"{rng.choice(NEWS_WORDS)} {rng.choice(NEWS_WORDS)}")
    return topics


def _planted(seed: int, number: int, size: int) -> list[str]:
    """Sentences planted in article `number` of a corpus of `size` articles."""
    sentences = []
    count = question_count(size)
    if number % QUESTION_STRIDE == 0 and number // QUESTION_STRIDE < count:
        sentences.append(_question_spec(seed, number // QUESTION_STRIDE)["sentence"])
    base = number - number % QUESTION_STRIDE
    q = base // QUESTION_STRIDE
    if number % QUESTION_STRIDE in (2, 3) and q < count:
        spec = _question_spec(seed, q)
        if int(spec["distractor_offset"]) == number % QUESTION_STRIDE:
            sentences.append(spec["distractor"])
    return sentences


class _Writer:
    """Sentences of one article: Zipf words, its recurring entities and topic words, dates."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, published: dt.date):
        self.vocab = vocab
        self.rng = rng
        self.published = published
        pick = self._entity_index
        self.persons = [vocab.persons[pick() + 700 * rng.randrange(3)] for _ in range(2)]
        self.org = vocab.orgs[pick()]
        self.place = vocab.places[pick()]
        self.topic = rng.sample(vocab.words[150:6000], 6)
        self.mentioned: set[str] = set()

    def _entity_index(self) -> int:
        return self.rng.choices(range(700), cum_weights=self.vocab.entity_cum)[0]

    def entity(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            person = rng.choice(self.persons)
            if person in self.mentioned and rng.random() < 0.4:
                return person.split()[-1]
            self.mentioned.add(person)
            return person
        if roll < 0.75:
            return self.org
        if roll < 0.9:
            return self.place
        pools = (self.vocab.persons, self.vocab.orgs, self.vocab.places)
        return rng.choice(pools)[self._entity_index()]

    def sentence(self) -> str:
        rng = self.rng
        count = rng.randint(9, 24)
        words = rng.choices(self.vocab.words, cum_weights=self.vocab.cum_weights, k=count)
        for _ in range(rng.choice((0, 1, 1, 2))):
            words[rng.randrange(count)] = rng.choice(self.topic)
        if rng.random() < 0.5:
            words.insert(rng.randrange(count), self.entity())
        if rng.random() < 0.08:
            number = rng.choice((rng.randint(2, 99), rng.randint(100, 99_000)))
            words.insert(rng.randrange(len(words)), f"{number:,} {rng.choice(COUNTABLES)}")
        if rng.random() < 0.25:
            at = rng.randrange(1, len(words) - 1)
            words[at] += ","
        if rng.random() < 0.16:
            phrase = _date_phrase(rng, self.published.year)
            if rng.random() < 0.3:
                words.insert(0, phrase + ",")
            else:
                words.append(phrase)
        text = " ".join(words).rstrip(",")
        return text[0].upper() + text[1:] + "."


def render_article(seed: int, number: int, size: int, extra: tuple[str, ...] = ()) -> str:
    """The file text of article `number` (plus `extra` sentences in its last paragraph)."""
    vocab = vocabulary(seed)
    rng = random.Random(f"article:{seed}:{number}")
    published = _published(rng)
    writer = _Writer(vocab, rng, published)
    title_words = " ".join(rng.sample(writer.topic, 2))
    title = f"{writer.org} {rng.choice(VERBS)} {title_words} in {writer.place}"
    source = rng.choice(vocab.sources)
    host = source.split()[1].lower()
    author = rng.choice(vocab.persons)
    target = rng.randint(720, 880)
    paragraphs: list[list[str]] = []
    words = 0
    while words < target:
        paragraph = [writer.sentence() for _ in range(rng.randint(3, 6))]
        words += sum(s.count(" ") + 1 for s in paragraph)
        paragraphs.append(paragraph)
    for sentence in _planted(seed, number, size):
        paragraph = rng.choice(paragraphs)
        paragraph.insert(rng.randint(0, len(paragraph)), sentence)
    paragraphs[-1].extend(extra)
    blocks = [" ".join(p) for p in paragraphs]
    if rng.random() < 0.3:
        blocks.insert(len(blocks) // 2, f"## {rng.choice(writer.topic).capitalize()}")
    front = [
        "---",
        f"title: {json.dumps(title)}",
        f'url: "https://{host}.example.org/{published:%Y/%m}/a{number:06d}"',
        f"published: {published.isoformat()}",
        f"author: {json.dumps(author)}",
        f"source: {json.dumps(source)}",
        "---",
    ]
    return "\n".join(front) + "\n" + "\n\n".join(blocks) + "\n"


def write_article(content: Path, seed: int, number: int, size: int) -> Path:
    """Write (or write again) article `number` of the corpus under `content`."""
    path = content / article_id(number)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_article(seed, number, size), encoding="utf-8")
    return path


def _write_range(job: tuple[str, int, int, int, int]) -> int:
    content, seed, size, start, stop = job
    for number in range(start, stop):
        write_article(Path(content), seed, number, size)
    return stop - start


@dataclass(frozen=True)
class GeneratedCorpus:
    """Where a generated corpus lives."""

    root: Path
    content: Path
    size: int
    seed: int

    @property
    def questions_file(self) -> Path:
        return self.root / "questions.json"


def corpus_root(out: Path, size: int, seed: int) -> Path:
    """The directory of the corpus of `size` articles and `seed` under `out`."""
    return out / f"n{size}-s{seed}"


def _stamp(size: int, seed: int) -> dict[str, int]:
    return {"generator": GENERATOR_VERSION, "size": size, "seed": seed}


def generate(
    size: int, seed: int = DEFAULT_SEED, out: Path = OUT / "corpora", procs: int | None = None
) -> GeneratedCorpus:
    """Write the corpus (or reuse a complete one written before) and its questions."""
    if size < 2 * QUESTION_STRIDE:
        raise ValueError(f"a corpus needs at least {2 * QUESTION_STRIDE} articles")
    root = corpus_root(out, size, seed)
    corpus = GeneratedCorpus(root, root / "content", size, seed)
    stamp_file = root / "generated.json"
    try:
        if json.loads(stamp_file.read_text("utf-8")) == _stamp(size, seed):
            return corpus
    except (OSError, ValueError):
        pass
    if root.exists():
        shutil.rmtree(root)
    corpus.content.mkdir(parents=True)
    procs = procs or os.cpu_count() or 1
    chunk = 500
    jobs = [
        (str(corpus.content), seed, size, start, min(start + chunk, size))
        for start in range(0, size, chunk)
    ]
    if procs > 1 and size > chunk:
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            for _ in pool.imap_unordered(_write_range, jobs):
                pass
    else:
        for job in jobs:
            _write_range(job)
    corpus.questions_file.write_text(
        json.dumps(
            {
                "questions": [asdict(q) for q in questions(seed, size)],
                "date_topics": date_topics(seed),
            },
            indent=1,
        ),
        "utf-8",
    )
    stamp_file.write_text(json.dumps(_stamp(size, seed)), "utf-8")
    return corpus


def corpus_digest(content: Path) -> str:
    """A digest of every file under `content` (to check that a run left it as it was)."""
    digest = hashlib.sha256()
    for path in sorted(content.rglob("*.md")):
        digest.update(path.relative_to(content).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--size", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=OUT / "corpora")
    parser.add_argument("--procs", type=int, default=None, help="writer processes (all cores)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = generate(args.size, args.seed, args.out, args.procs)
    seconds = time.perf_counter() - started
    print(f"{corpus.content} ({args.size} articles, {seconds:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
