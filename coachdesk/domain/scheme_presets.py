"""The schemes shipped with coachdesk, each with a paragraph the coach reads in the editor.

Their words are data in both languages (see :mod:`~coachdesk.domain.schemes` for why). The
*Balance* preset is the app as it was before schemes: the kinds of the first schema with
their keys, labels (the Dutch as the catalogue translates them), sides, colours and hats, so
the data already stored is its first version unchanged.

The kinds' keys are what the per-preset figures (:mod:`~coachdesk.domain.scheme_figures`)
look for; a coach may rename, recolour or rebind them in a later version, never rekey them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from coachdesk.domain.model import DETAIL_HAT, Side, TallyKind, TallyKindId
from coachdesk.domain.scheme_colours import nearest
from coachdesk.domain.schemes import (
    HOTKEYS,
    KEY_PATTERN,
    Detail,
    Kind,
    KindType,
    Scheme,
    Words,
    identifier,
)

BALANCE = "balance"
FOUR_LEGS = "four_legs"
LEARNING = "learning"
GROW = "grow"
LISTENING = "listening"

#: Kind keys the per-preset figures read.
ADVICE, COACHEE_ACTION, HAT = "advice", "coachee_action", "hat"
LEGS = ("socio_emotional", "network", "autonomy", "career")
WORK_SITUATION, OTHER_TALK = "work_situation", "other_talk"
FOCUS_GROUP = "focus"
PHASES = ("goal", "reality", "options", "will")
OPEN_QUESTION, CLOSED_QUESTION = "open_question", "closed_question"
SIMPLE_REFLECTION, COMPLEX_REFLECTION = "simple_reflection", "complex_reflection"

_HATS = (
    Detail("coach", Words("coach", "coach")),
    Detail("assessor", Words("assessor", "beoordelaar")),
    Detail("manager", Words("manager", "leidinggevende")),
    Detail("mentor", Words("mentor", "mentor")),
    Detail("expert", Words("expert", "expert")),
)


def _point(key: str, en: str, nl: str, hotkey: str, colour: str, party: Side) -> Kind:
    return Kind(key, Words(en, nl), hotkey, colour, party)


def _state(key: str, en: str, nl: str, hotkey: str, colour: str, group: str) -> Kind:
    return Kind(key, Words(en, nl), hotkey, colour, Side.NEUTRAL, KindType.STATE, group)


_ADVICE = _point(ADVICE, "advice given", "advies gegeven", "1", "orange", Side.COACH)

BALANCE_SCHEME = Scheme(
    key=BALANCE,
    name=Words("Balance", "Balans"),
    version=1,
    kinds=(
        _ADVICE,
        _point(
            COACHEE_ACTION,
            "coachee action noted",
            "actie van de coachee",
            "2",
            "teal",
            Side.COACHEE,
        ),
        Kind(
            HAT,
            Words("role hat declared", "pet benoemd"),
            "3",
            "violet",
            Side.NEUTRAL,
            KindType.STATE,
            HAT,
            _HATS,
        ),
    ),
    explanation=Words(
        "The heart of coachdesk. Coaching works when the coachee comes to credit the progress "
        "to their own abilities and effort, not to you. Count the advice you give, and the "
        "actions, decisions, insights and experiments of the coachee that you name out loud: "
        "their balance shows whose work the session was, and over a trajectory the coachee's "
        "share should grow. Note the hat you declare (assessor, manager, mentor, expert), so "
        "you see afterwards how long you wore which one.",
        "De kern van coachdesk. Coaching werkt als de coachee de vooruitgang gaat toeschrijven "
        "aan de eigen kwaliteiten en inzet, niet aan jou. Turf het advies dat je geeft, en de "
        "acties, besluiten, inzichten en experimenten van de coachee die je hardop benoemt: de "
        "balans laat zien wiens werk het gesprek was, en over een traject hoort het aandeel van "
        "de coachee te groeien. Noteer welke pet je benoemt (beoordelaar, leidinggevende, "
        "mentor, expert), zodat je achteraf ziet hoe lang je welke pet op had.",
    ),
    preset=BALANCE,
)

FOUR_LEGS_SCHEME = Scheme(
    key=FOUR_LEGS,
    name=Words("Four legs of the chair", "Vier poten van de stoel"),
    version=1,
    kinds=(
        _point(
            LEGS[0],
            "socio-emotional support",
            "socio-emotionele ondersteuning",
            "1",
            "red",
            Side.NEUTRAL,
        ),
        _point(LEGS[1], "network support", "netwerkondersteuning", "2", "blue", Side.NEUTRAL),
        _point(LEGS[2], "autonomy support", "autonomieondersteuning", "3", "green", Side.NEUTRAL),
        _point(LEGS[3], "career support", "loopbaanondersteuning", "4", "gold", Side.NEUTRAL),
    ),
    explanation=Words(
        "Coaching support stands on four legs: socio-emotional support (the foundation), "
        "network support, autonomy support and career support. Most coaches lean on one or "
        "two; good coaching offers all four as the coachee's needs change. Press a key when "
        "you offer one kind of support. The review shows which legs this session touched; "
        "over a trajectory, a leg that stays missing is a signal to look at, not a verdict.",
        "Ondersteuning in coaching staat op vier poten: socio-emotionele ondersteuning (het "
        "fundament), netwerk-, autonomie- en loopbaanondersteuning. De meeste coaches leunen op "
        "één of twee; goede coaching biedt alle vier, naarmate wat de coachee nodig heeft "
        "verandert. Druk op een toets als je een soort ondersteuning biedt. De terugblik laat "
        "zien welke poten dit gesprek raakte; over een traject is een poot die blijft "
        "ontbreken een signaal om naar te kijken, geen oordeel.",
    ),
    preset=FOUR_LEGS,
)

LEARNING_SCHEME = Scheme(
    key=LEARNING,
    name=Words("Learning-oriented", "Leergericht"),
    version=1,
    kinds=(
        _state(
            WORK_SITUATION,
            "concrete work situation explored",
            "concrete werksituatie verkend",
            "1",
            "blue",
            FOCUS_GROUP,
        ),
        _state(OTHER_TALK, "other talk", "ander gesprek", "2", "slate", FOCUS_GROUP),
        _point(
            "context_named",
            "context named",
            "invloed van de context benoemd",
            "3",
            "teal",
            Side.COACHEE,
        ),
        _point(
            "own_choice_named",
            "own choice named",
            "eigen keuze benoemd",
            "4",
            "green",
            Side.COACHEE,
        ),
        _point(
            "experiment_agreed",
            "experiment agreed",
            "experiment afgesproken",
            "5",
            "pink",
            Side.COACHEE,
        ),
        _point(ADVICE, "advice given", "advies gegeven", "6", "orange", Side.COACH),
    ),
    explanation=Words(
        "Depth in coaching comes from learning from work experience, not from endless "
        "introspection. Mark when the talk turns to a concrete work situation, and when it "
        "leaves it; note when the coachee tells apart what the context causes from what their "
        "own choices cause, and when they agree an experiment to try. The review sets "
        "work-focused time against the rest: much time on none of these suggests introspection "
        "without learning from work.",
        "Diepgang in coaching komt uit leren van werkervaring, niet uit eindeloze "
        "introspectie. Markeer wanneer het gesprek een concrete werksituatie verkent, en "
        "wanneer het die loslaat; noteer wanneer de coachee onderscheidt wat de context "
        "veroorzaakt en wat de eigen keuzes veroorzaken, en wanneer de coachee een experiment "
        "afspreekt. De terugblik zet de tijd bij het werk af tegen de rest: veel tijd zonder "
        "een van deze wijst op introspectie zonder leren van het werk.",
    ),
    preset=LEARNING,
)

GROW_SCHEME = Scheme(
    key=GROW,
    name=Words("GROW phases", "GROW-fasen"),
    version=1,
    kinds=(
        _state(PHASES[0], "Goal", "Doel", "1", "blue", GROW),
        _state(PHASES[1], "Reality", "Realiteit", "2", "teal", GROW),
        _state(PHASES[2], "Options", "Opties", "3", "gold", GROW),
        _state(PHASES[3], "Will (way forward)", "Wil (vervolgstappen)", "4", "pink", GROW),
    ),
    explanation=Words(
        "GROW is a widely taught conversation model: Goal, Reality, Options, Will (the way "
        "forward). Press the phase the conversation is in; it lasts until you press another. "
        "The review shows the time in each phase and the order they came in, so you see "
        "whether a session rushed to options or never reached a next step of the coachee's "
        "own.",
        "GROW is een veelgebruikt gespreksmodel: Goal (doel), Reality (realiteit), Options "
        "(opties), Will (wil: de vervolgstappen). Druk op de fase waarin het gesprek is; die "
        "duurt tot je een andere kiest. De terugblik laat de tijd per fase zien en de volgorde "
        "waarin ze kwamen, zodat je ziet of een gesprek naar opties holde of nooit bij een "
        "eigen volgende stap van de coachee kwam.",
    ),
    preset=GROW,
)

LISTENING_SCHEME = Scheme(
    key=LISTENING,
    name=Words("Listening (MI-style)", "Luisteren (MI-stijl)"),
    version=1,
    kinds=(
        _point(OPEN_QUESTION, "open question", "open vraag", "1", "blue", Side.NEUTRAL),
        _point(CLOSED_QUESTION, "closed question", "gesloten vraag", "2", "slate", Side.NEUTRAL),
        _point(
            SIMPLE_REFLECTION,
            "simple reflection",
            "eenvoudige reflectie",
            "3",
            "teal",
            Side.NEUTRAL,
        ),
        _point(
            COMPLEX_REFLECTION,
            "complex reflection",
            "complexe reflectie",
            "4",
            "green",
            Side.NEUTRAL,
        ),
        _point("affirmation", "affirmation", "bevestiging", "5", "violet", Side.NEUTRAL),
        _point(
            "advice_with_permission",
            "advice with permission",
            "advies met toestemming",
            "6",
            "gold",
            Side.COACH,
        ),
        _point(
            "advice_without_permission",
            "advice without permission",
            "advies zonder toestemming",
            "7",
            "red",
            Side.COACH,
        ),
    ),
    explanation=Words(
        "Listening in the style of motivational interviewing: count your open and closed "
        "questions, simple and complex reflections, affirmations, and advice given with or "
        "without asking permission first. The review shows how many reflections you give per "
        "question and which share of your reflections is complex. MI's coding manual (MITI "
        "4.2.1) names thresholds for these; its authors call them expert opinion for MI, not "
        "norms for coaching, so you see them only if you turn them on.",
        "Luisteren in de stijl van motiverende gespreksvoering: turf je open en gesloten "
        "vragen, eenvoudige en complexe reflecties, bevestigingen, en advies met of zonder "
        "eerst toestemming te vragen. De terugblik laat zien hoeveel reflecties je per vraag "
        "geeft en welk deel van je reflecties complex is. De codeerhandleiding van MI (MITI "
        "4.2.1) noemt daarvoor drempels; de auteurs noemen die een expertoordeel voor MI, geen "
        "norm voor coaching, dus je ziet ze alleen als je ze aanzet.",
    ),
    preset=LISTENING,
)

#: The presets, in the order the editor offers them; the first is the default.
PRESETS: tuple[Scheme, ...] = (
    BALANCE_SCHEME,
    FOUR_LEGS_SCHEME,
    LEARNING_SCHEME,
    GROW_SCHEME,
    LISTENING_SCHEME,
)


_BY_KEY = {s.key: s for s in PRESETS}


def offered(stored: Sequence[Scheme]) -> list[Scheme]:
    """The schemes a new session may use: those stored (their newest versions, as given),
    then every preset not stored yet, which is stored when a session first uses it."""
    keys = {s.key for s in stored}
    return [*stored, *(p for p in PRESETS if p.key not in keys)]


def preset(key: str) -> Scheme:
    """The preset called ``key``; ``KeyError`` if there is none."""
    return _BY_KEY[key]


@dataclass(frozen=True, slots=True)
class FirstVersion:
    scheme: Scheme
    #: Each stored kind's key in the scheme (its own, unless that was not an identifier).
    keys: dict[TallyKindId, str]


def first_version(stored: Sequence[TallyKind]) -> FirstVersion:
    """The first version of the Balance scheme, from the tally kinds a database holds today
    (the migration that brings in schemes records every existing session with it).

    The first schema's three kinds come out as the preset has them. A kind that came in
    otherwise (an archive from another machine) keeps its label (in both languages, as
    stored), side, and colour (the nearest of the palette), and its key if that is an
    identifier (else one made from it). Each kind gets the key its position gave it (the n-th
    on key n); kinds past the last key are kept, retired.
    """
    shipped = {k.key: k for k in BALANCE_SCHEME.kinds}
    rows = sorted(stored, key=lambda k: (k.position, k.id))
    taken = {row.key for row in rows if KEY_PATTERN.match(row.key)}
    keys: dict[TallyKindId, str] = {}
    kinds = []
    for index, row in enumerate(rows):
        key = row.key if KEY_PATTERN.match(row.key) else identifier(row.key, taken)
        keys[row.id] = key
        is_hat = row.detail == DETAIL_HAT
        kind = Kind(
            key=key,
            label=Words(row.label, row.label),
            hotkey=HOTKEYS[min(index, len(HOTKEYS) - 1)],
            colour=nearest(row.colour),
            party=row.side,
            type=KindType.STATE if is_hat else KindType.POINT,
            group=HAT if is_hat else None,
            details=_HATS if is_hat else (),
            retired=index >= len(HOTKEYS),
        )
        known = shipped.get(row.key)
        if known is not None and known.label.en == row.label:
            kind = replace(kind, label=known.label)
        kinds.append(kind)
    return FirstVersion(replace(BALANCE_SCHEME, kinds=tuple(kinds)), keys)
