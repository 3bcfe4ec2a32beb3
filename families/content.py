"""The house content: library topics and articles we wrote ourselves, and a default checklist per intervention model
(shared/domain/models.md). Loaded by the seed, idempotently; practices copy templates to change them."""

from __future__ import annotations

from interventions.workflows import PortalText

# What the portal says before the event while the case has no plan yet (each model's own text is its workflow's
# `portal`, in interventions/workflows/). `{person}` and `{lead}` as there.
NO_PLAN_PORTAL = PortalText(
    title="What to expect",
    intro=(
        "Thank you for being here. {lead} is guiding your family through this. There are several ways to help "
        "{person} towards treatment, from weekly coaching for the family to a planned family meeting; {lead} will "
        "explain which approach your family will follow, and why, before anything is asked of you."
    ),
    roles={
        "speaker": "You are one of the people taking part; {lead} will tell you what your part involves.",
        "support": "You will be there to show your support; you do not need to speak.",
        "observer": "You will be kept informed and can read the library.",
    },
)

TOPICS = [
    ("what-is-addiction", "What is addiction"),
    ("intervention", "What happens at an intervention"),
    ("letters", "How to write a letter"),
    ("detox", "Detox and withdrawal"),
    ("boundaries", "Setting boundaries"),
    ("self-care", "Self-care for families"),
    ("craft", "CRAFT skills"),
]

ARTICLES = [
    {
        "slug": "what-is-addiction",
        "title": "Addiction is a health condition, not a failing",
        "summary": "What a substance use disorder is, why willpower alone rarely ends it, and why treatment works.",
        "topics": ["what-is-addiction"],
        "body": """\
A substance use disorder is a treatable health condition. Over time, repeated use changes how the brain handles
reward, stress and self-control. That is why a person can sincerely want to stop and still not manage it alone:
it is not a lack of love for you, and it is not a lack of character.

## What it can look like

- Using more, or for longer, than intended
- Wanting to cut down and not being able to
- Spending a lot of time getting, using or recovering
- Giving up work, family or hobbies because of use
- Continuing even when it causes clear harm

Clinicians look for patterns like these over the last 12 months. The more of them there are, the more severe the
disorder.

## Recovery is common

Most people with a substance use disorder eventually recover, and treatment improves the odds. Treatment is not one
thing: it can mean medical detox, a residential program, outpatient counseling, medication (for example for opioid or
alcohol use disorder), peer support, or a mix over time. Relapse can be part of recovery; it means the plan needs
adjusting, not that it failed.

## What this means for you

You did not cause this, you cannot control it, and you cannot cure it alone. But families have real influence, and
the way you respond can make treatment more likely. That is what your preparation is for.
""",
    },
    {
        "slug": "what-happens-at-an-intervention",
        "title": "What happens at an intervention",
        "summary": "The day step by step: who is there, what is said, and what happens next, whatever the answer.",
        "topics": ["intervention"],
        "body": """\
An intervention is a planned, caring conversation. The people who matter most to your loved one tell them, calmly,
how much they care and what they have seen, and ask them to accept help that is already arranged.

## Before the day

Your interventionist meets the family, often more than once, to prepare. You will agree who speaks and in which
order, rehearse, and go over what to do if the answer is no. A place in a treatment program is arranged in advance,
with travel, so that a yes can be acted on straight away.

## On the day

1. The interventionist opens the meeting and keeps it calm and on track.
2. Each speaker reads their letter. Letters are short, loving and specific.
3. Your loved one is asked to accept help today.
4. If they agree, they leave for treatment soon after, usually with someone they trust.

## If the answer is no, or not yet

This happens, and it is not the end. The interventionist will help the family hold the boundaries you agreed on,
kindly and consistently. Many people accept help days or weeks later. Your own support continues either way.

## Different approaches

Some families use a surprise meeting (the Johnson model); others invite the person openly (the Invitational model or
ARISE), or learn skills over several weeks to encourage treatment (CRAFT). Your interventionist will explain the
approach chosen for your family and why.
""",
    },
    {
        "slug": "writing-your-impact-letter",
        "title": "How to write your impact letter",
        "summary": "A simple shape for a letter that is loving, honest and short enough to read in two minutes.",
        "topics": ["letters", "intervention"],
        "body": """\
Your letter is the heart of the day. It is read aloud, so keep it to one page, about 300 words.

## A simple shape

1. **Love first.** Start with a memory or a quality you treasure: "I remember teaching you to ride a bike..."
2. **What you have seen.** One or two specific moments, described calmly: what happened, when, how it affected you.
3. **How you feel.** Use "I" sentences: "I was frightened when..." rather than "You always...".
4. **The ask.** "Will you accept the help that is ready for you today?"

## Things to leave out

- Labels ("addict", "drunk") and old arguments
- Threats or ultimatums in the letter itself (boundaries are discussed with your interventionist separately)
- Long lists; one clear story is more powerful than ten

## Before the day

Save drafts as often as you like. When you are ready, submit it: your interventionist will read it, may suggest
changes, and will approve it. Reading it aloud at the rehearsal helps enormously.
""",
    },
    {
        "slug": "detox-and-withdrawal",
        "title": "Detox and withdrawal: what families should know",
        "summary": "Why stopping some substances suddenly can be dangerous, and what medical detox provides.",
        "topics": ["detox"],
        "body": """\
Withdrawal is the body's reaction when a substance it has adapted to is reduced or stopped.

## When withdrawal can be dangerous

- **Alcohol** and **benzodiazepines** (such as Xanax or Valium): stopping suddenly after heavy, regular use can
  cause seizures or delirium tremens, which can be life-threatening. Withdrawal from these should be medically
  supervised.
- **Opioids** (heroin, fentanyl, pain pills): withdrawal is very uncomfortable but rarely dangerous in itself.
  The greatest danger comes after: tolerance drops quickly, so using the old amount can cause a fatal overdose.

## What medical detox provides

Monitoring, medication to ease symptoms and prevent complications, and a bridge into ongoing treatment. Detox alone
is a first step, not the whole treatment.

## Naloxone

If your loved one uses opioids, keep naloxone (Narcan) at home and learn how to use it. It reverses an opioid
overdose and is available from pharmacies without a prescription in the US. In an emergency, always call 911.
""",
    },
    {
        "slug": "setting-boundaries",
        "title": "Setting boundaries with love",
        "summary": "The difference between a boundary and a threat, with examples families have used.",
        "topics": ["boundaries", "craft"],
        "body": """\
A boundary is what **you** will do to protect yourself and stop making use easier. It is not a punishment, and it
is not an attempt to control the other person.

## A boundary versus a threat

- A threat: "If you drink again, you'll be sorry."
- A boundary: "I will not give you money while you are drinking. I will gladly pay for treatment."

## Good boundaries are

- **Specific**: what exactly will change
- **Within your control**: about your actions, not theirs
- **Ones you will keep**: a boundary not kept teaches that boundaries do not count

## Examples

- "I won't call your work to say you're sick."
- "You can't drive the children after drinking. I'll take them."
- "I'll be happy to spend time with you when you're sober."

Your interventionist will help you choose boundaries you can hold, and will keep them private between the two of
you until they are needed.
""",
    },
    {
        "slug": "caring-for-yourself",
        "title": "Caring for yourself while you care for them",
        "summary": "Your own well-being matters, for its own sake and because it helps your loved one too.",
        "topics": ["self-care"],
        "body": """\
Living with someone's addiction is exhausting. Worry, anger, guilt and hope can all arrive in the same hour.

## Small things that help

- **Sleep, food and movement** first: they are the ground everything else stands on.
- **Talk to someone** who understands. You do not have to carry this alone or in secret.
- **Keep one thing that is yours**: a walk, a class, a friend you see every week.
- **Let go of what is not yours to carry**: you cannot make another person recover.

## Groups for families

Al-Anon and Nar-Anon meet in person and online, free, in most places. SMART Recovery Family & Friends offers a
practical, skills-based approach, and CRAFT-based groups teach ways to encourage a loved one towards treatment.

## If you are in crisis

If you are ever worried for your safety or someone else's, call 911. For emotional support at any hour in the
US, call or text 988.
""",
    },
    {
        "slug": "craft-communication-skills",
        "title": "CRAFT: communicating so you can be heard",
        "summary": "Positive communication skills from Community Reinforcement and Family Training.",
        "topics": ["craft", "boundaries"],
        "body": """\
CRAFT (Community Reinforcement and Family Training) teaches families to change the everyday patterns around use.
In studies, most families who learned it saw their loved one enter treatment.

## Three ideas

1. **Reward sobriety.** Notice and enjoy sober time together; make it rewarding.
2. **Allow natural consequences.** Step back from rescuing, so the costs of using land where they belong.
3. **Communicate positively**, and invite treatment at a good moment.

## Positive communication

- Be **brief** and **specific**: "I loved our dinner on Sunday."
- Use **"I" statements**: "I feel worried when you come home late."
- **Acknowledge their view**: "I know you have a lot on your plate."
- **Offer help**: "Is there anything I can do?"

## Choosing the moment

Good moments often come right after a use-related problem, when they ask why you are different lately, or when
they are sober and calm. Have the treatment option ready before you ask.

## Safety first

If there is any risk of violence, talk to your interventionist before raising treatment, and make a safety plan.
""",
    },
]

# A default checklist per intervention model: (kind, title, help text, article slug or "").
TEMPLATES = {
    "johnson": (
        "Johnson intervention preparation",
        "For a planned surprise meeting: rehearse in private, write a letter, agree your boundaries.",
        [
            ("read", "Read: What happens at an intervention", "", "what-happens-at-an-intervention"),
            ("read", "Read: Addiction is a health condition", "", "what-is-addiction"),
            (
                "letter",
                "Write your impact letter and submit it for review",
                "About 300 words, one page.",
                "writing-your-impact-letter",
            ),
            (
                "boundary",
                "Agree your boundary with your interventionist",
                "Kept private between the two of you.",
                "setting-boundaries",
            ),
            ("rehearsal", "Attend the rehearsal", "Bring your letter; you will read it aloud.", ""),
            ("logistics", "Keep the plan private until the day", "The meeting is a surprise to your loved one.", ""),
            ("logistics", "Confirm your travel and time for the day", "", ""),
        ],
    ),
    "invitational": (
        "Invitational intervention preparation",
        "An open invitation to a family meeting; the family takes part whether or not the person comes.",
        [
            ("read", "Read: What happens at an intervention", "", "what-happens-at-an-intervention"),
            ("read", "Read: Caring for yourself", "", "caring-for-yourself"),
            ("letter", "Write your letter and submit it for review", "", "writing-your-impact-letter"),
            ("rehearsal", "Attend the family preparation session", "", ""),
            ("logistics", "Confirm the meeting date, time and place", "", ""),
        ],
    ),
    "arise": (
        "ARISE network preparation",
        "A staged, invitational approach: network meetings first, a formal meeting only if needed.",
        [
            ("read", "Read: What happens at an intervention", "", "what-happens-at-an-intervention"),
            ("read", "Read: Setting boundaries with love", "", "setting-boundaries"),
            ("rehearsal", "Attend the first network meeting", "", ""),
            ("custom", "Name others who could join the support network", "", ""),
            ("letter", "Write your letter (used if a formal meeting is needed)", "", "writing-your-impact-letter"),
            ("logistics", "Share your availability for network meetings", "", ""),
        ],
    ),
    "craft": (
        "CRAFT family sessions",
        "Weekly skills sessions; no confrontation. Your own well-being is a goal too.",
        [
            ("read", "Read: CRAFT, communicating so you can be heard", "", "craft-communication-skills"),
            ("read", "Read: Caring for yourself", "", "caring-for-yourself"),
            (
                "custom",
                "Complete the safety check with your interventionist",
                "Before any invitation to treatment.",
                "",
            ),
            ("rehearsal", "Attend your first four weekly sessions", "", ""),
            ("custom", "Practise one positive-communication skill this week", "", "craft-communication-skills"),
            ("custom", "Plan one rewarding sober activity together", "", ""),
            ("logistics", "Keep a short diary of what you notice each week", "", ""),
        ],
    ),
}
