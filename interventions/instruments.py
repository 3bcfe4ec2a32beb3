"""Screening instruments: one definition each, one scorer, no database.

Definitions follow ../shared/domain/instruments.md: items word for word as published, options in the published
order (an answer is the 0-based index of the chosen option), points per option, bands with their meaning, and flag
rules. `score(code, answers)` is the public entry point; forms, services and tests all go through it.

These are screens, not diagnoses: a band is shown with its meaning and the reminder that a clinician decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SCREEN_NOT_DIAGNOSIS = "A screen, not a diagnosis: a clinician decides."


@dataclass(frozen=True)
class Option:
    label: str
    points: int


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    options: tuple[Option, ...]

    @property
    def max_points(self) -> int:
        return max(option.points for option in self.options)


@dataclass(frozen=True)
class Band:
    key: str
    low: int
    high: int
    label: str
    meaning: str


@dataclass(frozen=True)
class FlagRule:
    """Raise `key` when any of `items` (1-based numbers) scores `min_points` or more, whatever the total."""

    key: str
    items: tuple[int, ...]
    min_points: int
    meaning: str


@dataclass(frozen=True)
class Subscore:
    """A short form scored from some of the same answers (AUDIT-C from AUDIT items 1-3)."""

    code: str
    items: tuple[int, ...]
    positive_at: Mapping[str, int]  # sex -> cut-point
    flag: str
    meaning: str
    loinc: str = ""


@dataclass(frozen=True)
class Extra:
    """A stored question that is not part of the total (PHQ-9's difficulty question, CRAFFT Part A day counts).

    Either `options` (the answer is an option index) or a whole-number range `low`..`high` (a day count).
    """

    key: str
    text: str
    options: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    short: str = ""  # how the answer is labelled on result pages

    def validate(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{self.key}: expected a whole number, got {value!r}")
        low, high = (0, len(self.options) - 1) if self.options else (self.low, self.high)
        if not low <= value <= high:
            raise ValueError(f"{self.key}: {value} is outside {low}-{high}")
        return value


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    attribution: str
    licence: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    stem: str = ""
    flags: tuple[FlagRule, ...] = ()
    subscores: tuple[Subscore, ...] = ()
    gate: Item | None = None  # answered first; option 0 ends the screen with a total of 0
    extras: tuple[Extra, ...] = ()
    extras_intro: str = ""
    notes: tuple[str, ...] = ()
    loinc: str = ""
    max_age: int | None = None  # offered only to people younger than this (CRAFFT: under 21)

    @property
    def min_total(self) -> int:
        return sum(min(option.points for option in item.options) for item in self.items)

    @property
    def max_total(self) -> int:
        return sum(item.max_points for item in self.items)

    def band_for(self, total: int) -> Band:
        for band in self.bands:
            if band.low <= total <= band.high:
                return band
        raise ValueError(f"{self.code}: no band for total {total}")  # unreachable for a checked definition

    def band(self, key: str) -> Band:
        return next(band for band in self.bands if band.key == key)

    def flag_meaning(self, key: str) -> str:
        for rule in self.flags:
            if rule.key == key:
                return rule.meaning
        for subscore in self.subscores:
            if subscore.flag == key:
                return subscore.meaning
        return key

    def validate_extras(self, extra: Mapping[str, Any]) -> dict[str, int]:
        """Check the unscored questions' answers; unknown keys are an error, a missing one is left out."""
        known = {question.key: question for question in self.extras}
        unknown = sorted(set(extra) - set(known))
        if unknown:
            raise ValueError(f"{self.code}: unknown extra question(s) {', '.join(unknown)}")
        return {key: known[key].validate(value) for key, value in extra.items() if value is not None}


@dataclass(frozen=True, eq=False)
class Score:
    """What `score()` returns. `band` is the band key of instruments.md; `flags` a set of flag keys."""

    code: str
    total: int
    band: str
    flags: set[str]
    points: tuple[int, ...]
    subscores: dict[str, int] = field(default_factory=dict)

    @property
    def instrument(self) -> Instrument:
        return INSTRUMENTS[self.code]

    @property
    def band_info(self) -> Band:
        return self.instrument.band(self.band)


def _options(*labels: str, points: Sequence[int] | None = None) -> tuple[Option, ...]:
    points = list(points) if points is not None else list(range(len(labels)))
    return tuple(Option(label, value) for label, value in zip(labels, points, strict=True))


def _items(texts: Sequence[str], options: tuple[Option, ...], start: int = 1) -> tuple[Item, ...]:
    return tuple(Item(number, text, options) for number, text in enumerate(texts, start=start))


NO_YES = _options("No", "Yes")
FREQUENCY = _options("Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily")
TWO_WEEKS_STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
TWO_WEEKS = _options("Not at all", "Several days", "More than half the days", "Nearly every day")

AUDIT = Instrument(
    code="AUDIT",
    name="AUDIT (Alcohol Use Disorders Identification Test)",
    attribution="World Health Organization, 2001 (2nd edition).",
    licence="Public domain: the WHO allows free use.",
    items=(
        Item(
            1,
            "How often do you have a drink containing alcohol?",
            _options(
                "Never", "Monthly or less", "2 to 4 times a month", "2 to 3 times a week", "4 or more times a week"
            ),
        ),
        Item(
            2,
            "How many drinks containing alcohol do you have on a typical day when you are drinking?",
            _options("1 or 2", "3 or 4", "5 or 6", "7, 8, or 9", "10 or more"),
        ),
        Item(3, "How often do you have six or more drinks on one occasion?", FREQUENCY),
        *_items(
            [
                "How often during the last year have you found that you were not able to stop drinking once you had "
                "started?",
                "How often during the last year have you failed to do what was normally expected from you because of "
                "drinking?",
                "How often during the last year have you needed a first drink in the morning to get yourself going "
                "after a heavy drinking session?",
                "How often during the last year have you had a feeling of guilt or remorse after drinking?",
                "How often during the last year have you been unable to remember what happened the night before "
                "because you had been drinking?",
            ],
            FREQUENCY,
            start=4,
        ),
        *_items(
            [
                "Have you or someone else been injured as a result of your drinking?",
                "Has a relative or friend or a doctor or another health worker been concerned about your drinking or "
                "suggested you cut down?",
            ],
            _options("No", "Yes, but not in the last year", "Yes, during the last year", points=(0, 2, 4)),
            start=9,
        ),
    ),
    bands=(
        Band("zone_1", 0, 7, "Zone I: low risk", "Alcohol education."),
        Band("zone_2", 8, 15, "Zone II: hazardous", "Simple advice."),
        Band("zone_3", 16, 19, "Zone III: harmful", "Brief counselling and continued monitoring."),
        Band("zone_4", 20, 40, "Zone IV: possible dependence", "Refer for diagnostic evaluation and treatment."),
    ),
    flags=(
        FlagRule(
            "next_zone_advised",
            (4, 5, 6),
            2,
            "An answer on items 4-6 or 9-10 points to the next zone's intervention, whatever the total (WHO manual).",
        ),
        FlagRule(
            "next_zone_advised",
            (9, 10),
            4,
            "An answer on items 4-6 or 9-10 points to the next zone's intervention, whatever the total (WHO manual).",
        ),
    ),
    subscores=(
        Subscore(
            code="AUDIT-C",
            items=(1, 2, 3),
            positive_at={"male": 4, "female": 3},
            flag="audit_c_positive",
            meaning="AUDIT-C positive (4 or more for men, 3 or more for women).",
            loinc="75626-2",
        ),
    ),
    notes=("AUDIT-C is items 1-3 of the same answers (0-12), shown beside the total.",),
)

DAST_10 = Instrument(
    code="DAST-10",
    name="DAST-10 (Drug Abuse Screening Test, 10 items)",
    attribution="Harvey A. Skinner, 1982; the 10-item version is distributed by NIDA for clinical use.",
    licence="Free for clinical use.",
    stem="These questions refer to the past 12 months and do not include alcohol or tobacco.",
    items=(
        *_items(
            [
                "Have you used drugs other than those required for medical reasons?",
                "Do you abuse more than one drug at a time?",
            ],
            NO_YES,
        ),
        Item(3, "Are you always able to stop using drugs when you want to?", _options("No", "Yes", points=(1, 0))),
        *_items(
            [
                'Have you had "blackouts" or "flashbacks" as a result of drug use?',
                "Do you ever feel bad or guilty about your drug use?",
                "Does your spouse (or parents) ever complain about your involvement with drugs?",
                "Have you neglected your family because of your use of drugs?",
                "Have you engaged in illegal activities in order to obtain drugs?",
                "Have you ever experienced withdrawal symptoms (felt sick) when you stopped taking drugs?",
                "Have you had medical problems as a result of your drug use (e.g., memory loss, hepatitis, "
                "convulsions, bleeding, etc.)?",
            ],
            NO_YES,
            start=4,
        ),
    ),
    bands=(
        Band("none", 0, 0, "No problems reported", "None at this time."),
        Band("low", 1, 2, "Low level", "Monitor, reassess at a later date."),
        Band("moderate", 3, 5, "Moderate level", "Further investigation."),
        Band("substantial", 6, 8, "Substantial level", "Intensive assessment."),
        Band("severe", 9, 10, "Severe level", "Intensive assessment."),
    ),
    notes=(
        "Questions refer to the past 12 months and exclude alcohol and tobacco.",
        "Item 3 is reverse scored: No scores 1 point.",
    ),
)

CAGE_AID = Instrument(
    code="CAGE-AID",
    name="CAGE-AID (CAGE Adapted to Include Drugs)",
    attribution="Brown and Rounds, 1995.",
    licence="Free to use.",
    items=_items(
        [
            "Have you ever felt that you ought to cut down on your drinking or drug use?",
            "Have people annoyed you by criticizing your drinking or drug use?",
            "Have you ever felt bad or guilty about your drinking or drug use?",
            "Have you ever had a drink or used drugs first thing in the morning to steady your nerves or to get rid of "
            "a hangover (eye-opener)?",
        ],
        NO_YES,
    ),
    bands=(
        Band("negative", 0, 0, "Negative", "No further assessment indicated by this screen."),
        Band("at_risk", 1, 1, "At risk", "Warrants further assessment."),
        Band("positive", 2, 4, "Positive", "Clinically significant."),
    ),
)

PHQ_9 = Instrument(
    code="PHQ-9",
    name="PHQ-9 (Patient Health Questionnaire, depression)",
    attribution="Kroenke, Spitzer and Williams; developed with a grant from Pfizer.",
    licence="No permission required to reproduce, translate, display or distribute.",
    loinc="44261-6",
    stem=TWO_WEEKS_STEM,
    items=_items(
        [
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself - or that you are a failure or have let yourself or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite - being so fidgety or "
            "restless that you have been moving around a lot more than usual",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ],
        TWO_WEEKS,
    ),
    bands=(
        Band("minimal", 0, 4, "Minimal", "Minimal depression symptoms."),
        Band("mild", 5, 9, "Mild", "Mild depression symptoms."),
        Band("moderate", 10, 14, "Moderate", "Moderate depression symptoms."),
        Band("moderately_severe", 15, 19, "Moderately severe", "Moderately severe depression symptoms."),
        Band("severe", 20, 27, "Severe", "Severe depression symptoms."),
    ),
    flags=(
        FlagRule(
            "suicide_risk",
            (9,),
            1,
            "Item 9 (thoughts of being better off dead or of self-harm) was answered above 'Not at all': "
            "act on it now, whatever the total.",
        ),
    ),
    extras=(
        Extra(
            "difficulty",
            "If you checked off any problems, how difficult have these problems made it for you to do your work, take "
            "care of things at home, or get along with other people?",
            options=("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"),
            short="Difficulty at work, at home or with others",
        ),
    ),
    notes=("The difficulty question is stored but not part of the total.",),
)

GAD_7 = Instrument(
    code="GAD-7",
    name="GAD-7 (Generalized Anxiety Disorder, 7 items)",
    attribution="Spitzer, Kroenke, Williams and Lowe, 2006.",
    licence="No permission required.",
    loinc="70274-6",
    stem=TWO_WEEKS_STEM,
    items=_items(
        [
            "Feeling nervous, anxious, or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid, as if something awful might happen",
        ],
        TWO_WEEKS,
    ),
    bands=(
        Band("minimal", 0, 4, "Minimal", "Minimal anxiety symptoms."),
        Band("mild", 5, 9, "Mild", "Mild anxiety symptoms."),
        Band("moderate", 10, 14, "Moderate", "Moderate anxiety symptoms: further evaluation suggested."),
        Band("severe", 15, 21, "Severe", "Severe anxiety symptoms: further evaluation suggested."),
    ),
    notes=("A score of 10 or more suggests further evaluation.",),
)

CRAFFT = Instrument(
    code="CRAFFT",
    name="CRAFFT 2.1 (adolescents and young adults, ages 12-21)",
    attribution="John R. Knight, Boston Children's Hospital. CRAFFT 2.1, used with attribution and without changes.",
    licence="Free to use with attribution and without changes to the wording.",
    max_age=21,
    extras_intro="During the PAST 12 MONTHS, on how many days did you:",
    extras=(
        Extra(
            "alcohol_days",
            "Drink more than a few sips of beer, wine, or any drink containing alcohol?",
            low=0,
            high=366,
            short="Days drinking alcohol, past 12 months",
        ),
        Extra(
            "marijuana_days",
            "Use any marijuana (cannabis, weed, oil, wax, or hash by smoking, vaping, dabbing, or in edibles) or "
            '"synthetic marijuana" (like "K2," "Spice")?',
            low=0,
            high=366,
            short="Days using marijuana, past 12 months",
        ),
        Extra(
            "other_days",
            "Use anything else to get high (like other illegal drugs, pills, prescription or over-the-counter "
            "medications, and things that you sniff, huff, vape, or inject)?",
            low=0,
            high=366,
            short="Days using anything else to get high, past 12 months",
        ),
    ),
    items=_items(
        [
            'Have you ever ridden in a CAR driven by someone (including yourself) who was "high" or had been using '
            "alcohol or drugs?",
            "Do you ever use alcohol or drugs to RELAX, feel better about yourself, or fit in?",
            "Do you ever use alcohol or drugs while you are by yourself, or ALONE?",
            "Do you ever FORGET things you did while using alcohol or drugs?",
            "Do your FAMILY or FRIENDS ever tell you that you should cut down on your drinking or drug use?",
            "Have you ever gotten into TROUBLE while you were using alcohol or drugs?",
        ],
        NO_YES,
    ),
    bands=(
        Band("lower_risk", 0, 1, "Lower risk", "Lower risk: offer brief advice."),
        Band("high_risk", 2, 6, "High risk", "High risk: further assessment."),
    ),
    flags=(
        FlagRule(
            "car_risk",
            (1,),
            1,
            "Rode with a driver who was high or had been using: counsel on riding risk, whatever the total.",
        ),
    ),
    notes=(
        "Part A day counts are stored. If all three are 0, only the CAR question is asked; otherwise all six.",
        "Only offered for people under 21.",
    ),
)

PC_PTSD_5 = Instrument(
    code="PC-PTSD-5",
    name="PC-PTSD-5 (Primary Care PTSD Screen for DSM-5)",
    attribution="Prins et al., 2016, US Department of Veterans Affairs National Center for PTSD.",
    licence="A US government work, public domain.",
    gate=Item(
        0,
        "Sometimes things happen to people that are unusually or especially frightening, horrible, or traumatic. "
        "For example: a serious accident or fire; a physical or sexual assault or abuse; an earthquake or flood; "
        "a war; seeing someone be killed or seriously injured; having a loved one die through homicide or suicide. "
        "Have you ever experienced this kind of event?",
        _options("No", "Yes", points=(0, 0)),
    ),
    stem="In the past month, have you:",
    items=_items(
        [
            "had nightmares about the event(s) or thought about the event(s) when you did not want to?",
            "tried hard not to think about the event(s) or went out of your way to avoid situations that reminded you "
            "of the event(s)?",
            "been constantly on guard, watchful, or easily startled?",
            "felt numb or detached from people, activities, or your surroundings?",
            "felt guilty or unable to stop blaming yourself or others for the event(s) or any problems the event(s) "
            "may have caused?",
        ],
        NO_YES,
    ),
    bands=(
        Band("negative", 0, 2, "Negative", "Below the cut-point of 3."),
        Band("positive", 3, 5, "Positive", "At or above the cut-point of 3: further assessment for PTSD."),
    ),
    notes=("If the gate question is No, the screen ends with a total of 0 and the answers are just [0].",),
)

INSTRUMENTS: dict[str, Instrument] = {
    instrument.code: instrument for instrument in (AUDIT, DAST_10, CAGE_AID, PHQ_9, GAD_7, CRAFFT, PC_PTSD_5)
}
SEXES = {"male": "male", "m": "male", "female": "female", "f": "female"}


def get(code: str) -> Instrument:
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise ValueError(f"unknown instrument {code!r}") from None


def _option_index(item: Item, answer: Any, label: str) -> int:
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise ValueError(f"{label}: expected an option index, got {answer!r}")
    if not 0 <= answer < len(item.options):
        raise ValueError(f"{label}: answer {answer} is out of range 0-{len(item.options) - 1}")
    return answer


def _scored_answers(instrument: Instrument, answers: Sequence[int]) -> Sequence[int]:
    """The answers to the scored items, after checking the length (and the gate, where there is one)."""
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ValueError(f"{instrument.code}: answers must be a list of option indexes")
    expected = len(instrument.items)
    if instrument.gate is not None:
        if not answers:
            raise ValueError(f"{instrument.code} gate question: an answer is required")
        gate = _option_index(instrument.gate, answers[0], f"{instrument.code} gate question")
        expected = 1 if gate == 0 else 1 + len(instrument.items)
        if len(answers) != expected:
            raise ValueError(
                f"{instrument.code}: expected {expected} answer(s) with the gate question answered "
                f"{instrument.gate.options[gate].label}, got {len(answers)}"
            )
        return [0] * len(instrument.items) if gate == 0 else answers[1:]
    if len(answers) != expected:
        raise ValueError(f"{instrument.code}: expected {expected} answers, got {len(answers)}")
    return answers


def score(code: str, answers: Sequence[int], *, sex: str | None = None) -> Score:
    """Score one instrument. `answers` are 0-based option indexes in the order of instruments.md.

    `sex` ("male" or "female") is only used by sub-scores with sex-specific cut-points (AUDIT-C); without it,
    or with any other value, their positive flag is never set. Raises ValueError naming the item for a wrong
    number of answers or an answer out of range.
    """
    instrument = get(code)
    scored = _scored_answers(instrument, answers)
    points = tuple(
        item.options[_option_index(item, answer, f"{code} item {item.number}")].points
        for item, answer in zip(instrument.items, scored, strict=True)
    )
    total = sum(points)
    flags = {
        rule.key for rule in instrument.flags if any(points[number - 1] >= rule.min_points for number in rule.items)
    }
    subscores = {}
    known_sex = SEXES.get((sex or "").strip().lower())
    for subscore in instrument.subscores:
        value = sum(points[number - 1] for number in subscore.items)
        subscores[subscore.code] = value
        if known_sex is not None and known_sex in subscore.positive_at and value >= subscore.positive_at[known_sex]:
            flags.add(subscore.flag)
    return Score(
        code=code,
        total=total,
        band=instrument.band_for(total).key,
        flags=flags,
        points=points,
        subscores=subscores,
    )


def check_definitions() -> list[str]:
    """Problems in the definitions above (bands that miss or overlap a total, flags on missing items)."""
    problems = []
    for instrument in INSTRUMENTS.values():
        covered = [total for band in instrument.bands for total in range(band.low, band.high + 1)]
        if covered != list(range(instrument.min_total, instrument.max_total + 1)):
            problems.append(f"{instrument.code}: bands do not cover {instrument.min_total}-{instrument.max_total}")
        numbers = {item.number for item in instrument.items}
        for rule in instrument.flags:
            if not set(rule.items) <= numbers:
                problems.append(f"{instrument.code}: flag {rule.key} names a missing item")
        if [item.number for item in instrument.items] != list(range(1, len(instrument.items) + 1)):
            problems.append(f"{instrument.code}: items are not numbered 1..n")
    return problems
