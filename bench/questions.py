"""The benchmark's questions, derived from a generated corpus the way a reader asks.

The planted questions of bench.generate each hold a made-up word that only their
answering article and one distractor contain: the search intersects a posting list of
two documents, which says little about real questions. These sets are read off the
corpus files themselves (document frequencies counted over the article bodies):

- names: a name that recurs across many articles (a person, an organisation, a place)
  and one fact word of a sentence that mentions it, the word itself neither rare nor
  everywhere (in 1-30% of the articles);
- common: words of one sentence that are all common (each in at least 5% of the
  articles), no name and no rare word;
- paraphrase: a sentence's content words replaced by other words (synonyms, in the
  corpus vocabulary or not), kept words reordered, with a question word;
- decline: a person or place no article names, with common words of a real sentence:
  the corpus must decline them.

The first three keep the article whose sentence they come from (top-1 / top-3); the
last has none. The planted questions stay beside them as the "planted" sanity set.
Everything is deterministic in (seed, size); the file is written once per corpus.

    python -m bench.questions --size 1000 [--seed 7]    # print the questions
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from bench import generate as gen

QUESTIONS_VERSION = 3
SETS = ("names", "common", "paraphrase", "decline")
SANITY = "planted"
PER_SET = 50
RESERVE = 500  # more of each reader set, new questions for the bot's waves (bench.bot)
LABELS = {
    "names": "recurring names + a fact word",
    "common": "common words only",
    "paraphrase": "paraphrased",
    "decline": "must decline (unseen name + common words)",
    SANITY: "sanity: planted (a made-up word in 2 articles)",
}

WORD = re.compile(r"[A-Za-z]+")
SENTENCE_END = re.compile(r"(?<=\.)\s+")
FUNCTION = frozenset(w.lower() for w in gen.FUNCTION_WORDS)

# Paraphrases of the generator's news words and verbs: some are words of the corpus
# vocabulary themselves (talks for negotiation), most are words no article uses.
SYNONYMS = {
    "government": "administration",
    "minister": "secretary",
    "president": "leader",
    "country": "nation",
    "meeting": "talks",
    "agreement": "deal",
    "trade": "commerce",
    "election": "polls",
    "vote": "ballot",
    "parliament": "legislature",
    "crisis": "emergency",
    "conflict": "war",
    "city": "town",
    "hospital": "clinic",
    "school": "academy",
    "worker": "employee",
    "farmer": "grower",
    "price": "cost",
    "company": "firm",
    "project": "scheme",
    "plan": "scheme",
    "support": "backing",
    "members": "participants",
    "leaders": "chiefs",
    "officials": "authorities",
    "visit": "trip",
    "conference": "congress",
    "organisation": "body",
    "rights": "freedoms",
    "foreign": "overseas",
    "road": "highway",
    "railway": "railroad",
    "coast": "shore",
    "village": "hamlet",
    "population": "inhabitants",
    "children": "kids",
    "history": "past",
    "data": "figures",
    "research": "study",
    "statement": "declaration",
    "decision": "ruling",
    "proposal": "plan",
    "director": "head",
    "chairman": "chair",
    "ambassador": "envoy",
    "treaty": "pact",
    "partnership": "cooperation",
    "dialogue": "talks",
    "negotiation": "talks",
    "exports": "shipments",
    "production": "output",
    "aid": "assistance",
    "doctors": "physicians",
    "soldiers": "troops",
    "refugees": "displaced",
    "housing": "homes",
    "wages": "pay",
    "jobs": "employment",
    "currency": "money",
    "loan": "credit",
    "construction": "building",
    "electricity": "power",
    "tourism": "travel",
    "award": "prize",
    "film": "movie",
    "residents": "inhabitants",
    "voters": "electorate",
    "candidate": "nominee",
    "protest": "demonstration",
    "strike": "walkout",
    "lawyer": "attorney",
    "trial": "hearing",
    "verdict": "ruling",
    "investigation": "inquiry",
    "corruption": "graft",
    "threat": "danger",
    "attack": "assault",
    "troops": "forces",
    "navy": "fleet",
    "survey": "poll",
    "figures": "numbers",
    "share": "portion",
    "initiative": "effort",
    "announced": "declared",
    "reported": "stated",
    "approved": "endorsed",
    "rejected": "refused",
    "opened": "inaugurated",
    "launched": "started",
    "visited": "toured",
    "discussed": "debated",
    "warned": "cautioned",
    "urged": "pressed",
    "expected": "anticipated",
    "planned": "intended",
    "increased": "raised",
    "reduced": "cut",
    "expanded": "enlarged",
    "built": "constructed",
    "praised": "lauded",
    "criticised": "condemned",
    "proposed": "suggested",
    "adopted": "passed",
    "confirmed": "verified",
    "denied": "rejected",
    "stressed": "emphasised",
    "noted": "observed",
    "explained": "clarified",
    "promised": "pledged",
    "invested": "spent",
    "funded": "financed",
    "supported": "backed",
    "opposed": "resisted",
    "blocked": "stopped",
    "delayed": "postponed",
    "cancelled": "scrapped",
    "resumed": "restarted",
    "completed": "finished",
    "started": "began",
    "began": "started",
    "continued": "kept",
    "reached": "attained",
    "returned": "came",
    "rose": "climbed",
    "fell": "dropped",
}

NAME_TEMPLATES = {
    "person": ("What did {name} say about {word}?", "What about {name} and {word}?"),
    "org": ("What did the {name} do about {word}?", "What has the {name} said about {word}?"),
    "place": ("What about {word} in {name}?", "What is there on {word} in {name}?"),
}
COMMON_TEMPLATES = (
    "What is said about {words}?",
    "What about the {words}?",
    "Which {words}?",
)
PARAPHRASE_VERB_TEMPLATES = (
    "Why has {who} {verb} the {things}?",
    "Which {things} were {verb}?",
    "Who {verb} the {things}?",
)
PARAPHRASE_TEMPLATES = (
    "What did {who} say about the {things}?",
    "What was said on the {things}?",
    "How are the {things} doing?",
)
VERB_WORDS = frozenset(gen.VERBS)
DECLINE_TEMPLATES = (
    "What did {person} say about the {words}?",
    "What about the {words} in {place}?",
    "When did {person} visit {place} about the {words}?",
)


@dataclass(frozen=True)
class Question:
    """One question of a set, with the article whose sentence it comes from (if any)."""

    set: str
    question: str
    article_id: str | None  # None: the corpus must decline it
    sentence: str
    reserve: bool = False  # beyond the measured ones: for the bot benchmark's waves


@dataclass
class _Article:
    article_id: str
    sentences: list[str]


def _body(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text


def _read(content: Path) -> list[_Article]:
    articles = []
    for path in sorted(content.rglob("*.md")):
        body = _body(path.read_text("utf-8"))
        sentences = []
        for block in body.split("\n\n"):
            block = block.strip()
            if block and not block.startswith("#"):
                sentences += [s for s in SENTENCE_END.split(block) if s]
        articles.append(_Article(path.relative_to(content).as_posix(), sentences))
    return articles


def _words(sentence: str) -> list[str]:
    return [w.lower() for w in WORD.findall(sentence)]


class _Deriver:
    def __init__(self, content: Path, seed: int, size: int):
        self.seed = seed
        self.size = size
        self.articles = _read(content)
        vocab = gen.vocabulary(seed)
        planted = gen.questions(seed, size)
        self.avoid = {q.sentence for q in planted}
        for number in range(len(planted)):
            self.avoid.add(gen._question_spec(seed, number)["distractor"])
        self.df: Counter[str] = Counter()
        for article in self.articles:
            self.df.update({w for s in article.sentences for w in _words(s)})
        # A name's distinguishing word: the surname, the organisation's first word, the place.
        self.names: dict[str, tuple[str, str]] = {}
        for kind, pool in (
            ("person", vocab.persons),
            ("org", vocab.orgs),
            ("place", vocab.places),
        ):
            for name in pool:
                key = (name.split()[-1] if kind == "person" else name.split()[0]).lower()
                self.names[key] = (kind, name)
        self.name_words = set(self.names)
        self.count = len(self.articles)

    def share(self, word: str) -> float:
        return self.df[word] / max(self.count, 1)

    def content_words(self, sentence: str) -> list[str]:
        words = _words(sentence)
        return [
            w
            for w in dict.fromkeys(words)
            if w not in FUNCTION and w not in self.name_words and not w.isdigit()
        ]

    def sentences(self, rng: random.Random) -> list[tuple[str, str]]:
        """Every (article id, sentence) in a seeded order, planted ones left out."""
        found = [
            (a.article_id, s) for a in self.articles for s in a.sentences if s not in self.avoid
        ]
        rng.shuffle(found)
        return found

    def names_set(self, rng: random.Random, count: int) -> list[Question]:
        threshold = max(3, self.count // 100)
        recurring = {k for k in self.name_words if self.df[k] >= threshold}
        out: list[Question] = []
        used_names: Counter[str] = Counter()
        for article_id, sentence in self.sentences(rng):
            if len(out) >= count:
                break
            mentioned = [self.names[w] for w in dict.fromkeys(_words(sentence)) if w in recurring]
            full = [(kind, name) for kind, name in mentioned if name in sentence]
            if not full:
                continue
            kind, name = full[0]
            if used_names[name] >= 2:
                continue
            own = _words(name)
            facts = [
                w
                for w in self.content_words(sentence)
                if w not in own and 0.01 <= self.share(w) <= 0.3
            ]
            if not facts:
                continue
            used_names[name] += 1
            template = rng.choice(NAME_TEMPLATES[kind])
            text = template.format(name=name, word=rng.choice(facts))
            out.append(Question("names", text, article_id, sentence))
        return out

    def common_words(self, sentence: str) -> list[str]:
        return [w for w in self.content_words(sentence) if self.share(w) >= 0.05]

    def common_set(self, rng: random.Random, count: int) -> list[Question]:
        out: list[Question] = []
        for article_id, sentence in self.sentences(rng):
            if len(out) >= count:
                break
            content = self.content_words(sentence)
            common = self.common_words(sentence)
            has_name = any(w in self.name_words for w in _words(sentence))
            if len(common) < 3 or len(common) < len(content) - 2 or has_name:
                continue
            words = common[: rng.randint(3, min(4, len(common)))]
            text = rng.choice(COMMON_TEMPLATES).format(words=_join(words))
            out.append(Question("common", text, article_id, sentence))
        return out

    def paraphrase_set(self, rng: random.Random, count: int) -> list[Question]:
        out: list[Question] = []
        for article_id, sentence in self.sentences(rng):
            if len(out) >= count:
                break
            content = self.content_words(sentence)
            verbs = [SYNONYMS[w] for w in content if w in SYNONYMS and w in VERB_WORDS]
            nouns = [SYNONYMS[w] for w in content if w in SYNONYMS and w not in VERB_WORDS]
            if len(verbs) + len(nouns) < 2:
                continue
            kept = [w for w in content if w not in SYNONYMS and 0.01 <= self.share(w) <= 0.3]
            names = [
                self.names[w][1]
                for w in dict.fromkeys(_words(sentence))
                if w in self.names
                and self.names[w][0] == "person"
                and self.names[w][1] in sentence
            ]
            # The sentence's order is not kept: the kept word and the replaced nouns are
            # shuffled, and the verb (if any) moves to the question's own place.
            things = nouns[:2] + kept[:1]
            rng.shuffle(things)
            if not things or len(verbs[:1]) + len(things) + len(names[:1]) < 3:
                continue
            templates = PARAPHRASE_VERB_TEMPLATES if verbs else PARAPHRASE_TEMPLATES
            if not names:
                templates = tuple(t for t in templates if "{who}" not in t)
            text = rng.choice(templates).format(
                verb=verbs[0] if verbs else "", things=_join(things), who=(names or [""])[0]
            )
            out.append(Question("paraphrase", text, article_id, sentence))
        return out

    def decline_set(self, rng: random.Random, count: int) -> list[Question]:
        vocab = gen.vocabulary(self.seed)
        # Reserved made-up words past those the planted questions and probes use.
        unseen = [w.capitalize() for w in vocab.reserved[1000:] if self.df[w] == 0]
        out: list[Question] = []
        for _, sentence in self.sentences(rng):
            if len(out) >= count:
                break
            common = self.common_words(sentence)
            if len(common) < 2:
                continue
            person = f"{rng.choice(gen.FIRST_NAMES)} {unseen[2 * len(out)]}"
            place = unseen[2 * len(out) + 1]
            words = " ".join(common[:2])
            text = rng.choice(DECLINE_TEMPLATES).format(person=person, place=place, words=words)
            out.append(Question("decline", text, None, ""))
        return out


def _join(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def derive(
    content: Path, seed: int, size: int, per_set: int = PER_SET, reserve: int = 0
) -> list[Question]:
    """The reader sets and the planted sanity set, shuffled together (a seeded order).

    With `reserve`, up to that many more questions of each reader set follow, marked
    `reserve` (in a seeded order of their own): new questions for the bot benchmark's
    waves, never among the measured ones.
    """
    deriver = _Deriver(content, seed, size)
    found: list[Question] = []
    extra: list[Question] = []
    for name in SETS:
        rng = random.Random(f"reader:{seed}:{size}:{name}")
        made = getattr(deriver, f"{name}_set")(rng, per_set + reserve)
        found += made[:per_set]
        extra += [replace(q, reserve=True) for q in made[per_set:]]
    found += [
        Question(SANITY, q.question, q.article_id, q.sentence) for q in gen.questions(seed, size)
    ]
    random.Random(f"order:{seed}:{size}").shuffle(found)
    random.Random(f"reserve:{seed}:{size}").shuffle(extra)
    return found + extra


def questions_file(corpus: gen.GeneratedCorpus) -> Path:
    """The corpus's question file (written once, derived from the pristine corpus)."""
    path = corpus.root / "reader_questions.json"
    stamp = {"version": QUESTIONS_VERSION, "size": corpus.size, "seed": corpus.seed}
    try:
        if json.loads(path.read_text("utf-8"))["stamp"] == stamp:
            return path
    except (OSError, ValueError, KeyError):
        pass
    found = derive(corpus.content, corpus.seed, corpus.size, reserve=RESERVE)
    data = {
        "stamp": stamp,
        "sets": {name: LABELS[name] for name in (*SETS, SANITY)},
        "questions": [asdict(q) for q in found],
        "date_topics": gen.date_topics(corpus.seed),
    }
    path.write_text(json.dumps(data, indent=1), "utf-8")
    return path


def load(path: Path, per_set: int = 0) -> tuple[list[dict[str, Any]], list[str]]:
    """The questions of a question file (at most `per_set` of each set) and its date topics."""
    data = json.loads(path.read_text("utf-8"))
    questions: list[dict[str, Any]] = [q for q in data["questions"] if not q.get("reserve")]
    topics: list[str] = data["date_topics"]
    if per_set:
        taken: Counter[str] = Counter()
        kept = []
        for question in questions:
            if taken[question["set"]] < per_set:
                taken[question["set"]] += 1
                kept.append(question)
        questions, topics = kept, topics[: max(per_set // 5, 1)]
    return questions, topics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.questions", description=__doc__)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=gen.OUT / "corpora")
    args = parser.parse_args(argv)
    corpus = gen.generate(args.size, args.seed, args.out)
    questions, _ = load(questions_file(corpus))
    for question in questions:
        print(f"{question['set']:<10} {question['article_id'] or '-':<16} {question['question']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
