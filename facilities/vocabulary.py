"""The facility vocabulary in one module: SAMHSA's locator codes (domain/samhsa.md) and our own attributes.

SAMHSA rewords labels between survey years, so each code lists every label we know for it (the first is the
one we show). Categories whose labels we keep but do not map to codes (treatment approaches, facility
operation...) are listed in SAMHSA_CATEGORIES only. The level-of-care crosswalk used by matching is at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Every category the locator export carries (f2 -> f1 as we show it).
SAMHSA_CATEGORIES: dict[str, str] = {
    "TC": "Type of care",
    "SET": "Service settings",
    "OT": "Type of opioid treatment",
    "OM": "Opioid medications",
    "PHR": "Pharmacotherapies",
    "TAP": "Treatment approaches",
    "FOP": "Facility operation",
    "LCA": "Licence, certification or accreditation",
    "PAY": "Payment, insurance or funding accepted",
    "PYAS": "Payment assistance",
    "SG": "Special programs and groups",
    "EXCL": "Exclusive services",
    "AGE": "Age groups accepted",
    "GN": "Sexes accepted",
    "ASSES": "Assessment and pre-treatment",
    "SCR": "Screening and testing",
    "TRSRV": "Transitional services",
    "AS": "Ancillary services",
    "EDU": "Counselling and education",
    "TOBAC": "Tobacco services",
    "SMP": "Smoking policy",
    "FT": "Facility type",
    "EMS": "Emergency mental health services",
    "HOSP": "Hospitals",
    "OTHR": "Other addictions",
    "SL": "Language services",
    "OL": "Other languages",
}

Labels = tuple[str, ...]

# category -> {code: (label shown, alternate labels...)}. Codes are unique across categories.
SAMHSA_CODES: dict[str, dict[str, Labels]] = {
    "TC": {
        "SA": ("Substance use treatment",),
        "DT": ("Detoxification",),
        "HH": ("Transitional housing, halfway house, or sober home",),
        "SUMH": (
            "Treatment for co-occurring serious mental health illness/serious emotional disturbance and "
            "substance use disorders",
        ),
        "MH": ("Mental health treatment",),
    },
    "SET": {
        "HI": ("Hospital inpatient",),
        "HID": ("Hospital inpatient detoxification",),
        "HIT": ("Hospital inpatient treatment",),
        "RES": ("Residential",),
        "RD": ("Residential detoxification",),
        "RS": ("Short-term residential",),
        "RL": ("Long-term residential",),
        "OP": ("Outpatient",),
        "OD": ("Outpatient detoxification",),
        "ODT": ("Outpatient day treatment or partial hospitalization", "Partial hospitalization/day treatment"),
        "OIT": ("Intensive outpatient treatment",),
        "ORT": ("Regular outpatient treatment",),
        "OMB": ("Outpatient methadone/buprenorphine or naltrexone treatment",),
        "TELE": ("Telemedicine/telehealth", "Computerized treatment/telemedicine"),
    },
    "PAY": {
        "MD": ("Medicaid",),
        "MC": ("Medicare",),
        "PI": ("Private health insurance",),
        "SF": ("Cash or self-payment",),
        "SI": ("State-financed health insurance plan other than Medicaid",),
        "MI": ("Military insurance (e.g., TRICARE)",),
        "ITU": ("IHS/Tribal/Urban (ITU) funds",),
        "FSA": ("Federal, or any government funding for substance abuse programs",),
        "SAMF": ("SAMHSA funding/block grants",),
        "NP": ("No payment accepted",),
    },
    "PYAS": {
        "SS": ("Sliding fee scale (fee is based on income and other factors)",),
        "PA": ("Payment assistance (check with facility for details)",),
    },
    "SG": {
        "AD": ("Adolescents",),
        "TAY": ("Transitional age young adults",),
        "WN": ("Adult women",),
        "MN": ("Adult men",),
        "PW": ("Pregnant/postpartum women",),
        "SE": ("Seniors or older adults",),
        "GL": (
            "Lesbian, gay, bisexual, or transgender (LGBT) clients",
            "Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ) clients",
            "LGBTQ clients",
        ),
        "VET": ("Veterans",),
        "ADM": ("Active duty military",),
        "MF": ("Military families",),
        "CJ": ("Clients referred from the court/judicial system",),
        "CO": ("Persons with co-occurring mental and substance use disorders",),
        "HV": ("Persons with HIV or AIDS",),
        "XA": ("Persons who have experienced sexual abuse",),
        "DV": ("Persons who have experienced intimate partner violence, domestic violence",),
        "TRMA": ("Persons who have experienced trauma",),
    },
    "AGE": {
        "CHLD": ("Children/adolescents",),
        "YAD": ("Young adults",),
        "ADLT": ("Adults",),
        "SNR": ("Seniors (65 or older)",),
    },
    "GN": {"FEM": ("Female",), "MALE": ("Male",)},
    "EXCL": {
        "DUO": ("DUI/DWI clients",),
        "VO": ("Veterans only",),
        "MO": ("Methadone clients only",),
        "BMO": ("Methadone and buprenorphine clients only",),
    },
    "OT": {
        "OTP": ("SAMHSA-certified Opioid Treatment Program",),
        "MOA": ("Accepts clients on opioid medication",),
        "BU": ("Buprenorphine used in Treatment",),
        "UB": ("Prescribes/administers buprenorphine",),
        "NU": ("Naltrexone used in Treatment",),
        "UN": ("Prescribes/administers naltrexone",),
    },
    "OM": {"METH": ("Methadone", "Methadone used in Treatment")},
    "PHR": {
        "ACM": ("Acamprosate", "Acamprosate (Campral®)"),
        "DSF": ("Disulfiram", "Disulfiram (Antabuse®)"),
        "BWN": ("Buprenorphine with naloxone", "Buprenorphine with naloxone (Suboxone®)"),
        "BWON": ("Buprenorphine without naloxone",),
        "BERI": (
            "Buprenorphine (extended-release, injectable)",
            "Buprenorphine (extended-release, injectable, for example, Sublocade®)",
        ),
        "NXN": ("Naltrexone (oral)",),
        "VTRL": ("Extended-release, injectable Naltrexone", "Extended-release, injectable Naltrexone (Vivitrol®)"),
    },
    "SL": {"AH": ("Services for the deaf and hard of hearing",), "SP": ("Spanish",)},
    "OL": {
        "F4": ("Arabic",),
        "F17": ("Any Chinese language", "Chinese"),
        "F19": ("Creole",),
        "F25": ("Farsi",),
        "F28": ("French",),
        "F30": ("German",),
        "F31": ("Greek",),
        "F35": ("Hebrew",),
        "F36": ("Hindi",),
        "F37": ("Hmong",),
        "F42": ("Italian",),
        "F43": ("Japanese",),
        "F47": ("Korean",),
        "F66": ("Polish",),
        "F67": ("Portuguese",),
        "F70": ("Russian",),
        "F81": ("Tagalog",),
        "F92": ("Vietnamese",),
        "N13": ("Hopi",),
        "N18": ("Lakota",),
        "N23": ("Navajo",),
        "N24": ("Ojibwa",),
        "N40": ("Yupik",),
    },
}

# What interventionists weigh beside SAMHSA's vocabulary, recorded by the directory admin.
PROFILE_CODES: dict[str, dict[str, Labels]] = {
    "PHIL": {
        "12STEP": ("12-step",),
        "SMART": ("SMART Recovery",),
        "MEDICAL": ("Medical model",),
        "HOLISTIC": ("Holistic",),
        "FAITH": ("Faith-based",),
        "HARMRED": ("Harm reduction",),
    },
    "STAFF": {
        "PHYS": ("Physician on staff",),
        "PSYCH": ("Psychiatrist on staff",),
        "MED24": ("Nurses or medical staff on site 24/7",),
        "LICC": ("Licensed counsellors",),
    },
    "THER": {
        "CBT": ("Cognitive behavioural therapy (CBT)",),
        "DBT": ("Dialectical behaviour therapy (DBT)",),
        "EMDR": ("EMDR",),
        "TRAUMA": ("Trauma-focused therapy",),
        "FAMILY": ("Family program",),
        "EXPER": ("Experiential therapy",),
    },
    "ENV": {
        "GENDER": ("Gender-specific",),
        "EXEC": ("Executive",),
        "ADOL": ("Adolescent",),
        "RURAL": ("Rural",),
        "URBAN": ("Urban",),
    },
}
PROFILE_CATEGORIES: dict[str, str] = {
    "PHIL": "Treatment philosophy",
    "STAFF": "Staff qualifications",
    "THER": "Specialised therapies",
    "ENV": "Environment",
}

CATEGORY_LABELS: dict[str, str] = {**SAMHSA_CATEGORIES, **PROFILE_CATEGORIES}
ALL_CODES: dict[str, dict[str, Labels]] = {**SAMHSA_CODES, **PROFILE_CODES}
# Categories whose values we map to codes, in the order forms and exports show them.
MAPPED_CATEGORIES: tuple[str, ...] = tuple(ALL_CODES)

CODE_CATEGORY: dict[str, str] = {code: category for category, codes in ALL_CODES.items() for code in codes}
CODE_LABEL: dict[str, str] = {code: labels[0] for codes in ALL_CODES.values() for code, labels in codes.items()}
assert len(CODE_CATEGORY) == sum(len(codes) for codes in ALL_CODES.values()), "codes must be unique"  # noqa: S101

# Groups of codes used by matching and forms (codes may come from several SAMHSA categories).
SETTING_CODES = frozenset(SAMHSA_CODES["SET"])
PAYMENT_CODES = frozenset(SAMHSA_CODES["PAY"]) | frozenset(SAMHSA_CODES["PYAS"])
PAYMENT_HELP_CODES = frozenset({"SS", "PA"})
POPULATION_CODES = frozenset(SAMHSA_CODES["SG"])
LANGUAGE_CODES = frozenset(SAMHSA_CODES["SL"]) | frozenset(SAMHSA_CODES["OL"])
MEDICATION_CODES = frozenset(SAMHSA_CODES["OT"]) | frozenset(SAMHSA_CODES["OM"]) | frozenset(SAMHSA_CODES["PHR"])


def normalise_label(label: str) -> str:
    """Compare labels without case, repeated spaces or a space before a bracket (SAMHSA's own typos)."""
    return re.sub(r"\s+", " ", label).strip().casefold()


_LABEL_TO_CODE: dict[tuple[str, str], str] = {
    (category, normalise_label(label)): code
    for category, codes in SAMHSA_CODES.items()
    for code, labels in codes.items()
    for label in labels
}


# The locator moves values between sibling categories across years (Spanish under SL or OL, methadone under
# OM or PHR): a label is looked up in its own category first, then in its siblings.
SIBLING_CATEGORIES: dict[str, tuple[str, ...]] = {
    "SL": ("OL",),
    "OL": ("SL",),
    "OT": ("OM", "PHR"),
    "OM": ("OT", "PHR"),
    "PHR": ("OM", "OT"),
    "PAY": ("PYAS",),
    "PYAS": ("PAY",),
}


def code_for_label(category: str, label: str) -> str | None:
    """The code of a SAMHSA value label in its category (or a sibling), or None when we do not know it.

    The code's own category is `CODE_CATEGORY[code]`, which is where it is stored.
    """
    key = normalise_label(label)
    for candidate in (category, *SIBLING_CATEGORIES.get(category, ())):
        code = _LABEL_TO_CODE.get((candidate, key))
        if code:
            return code
    return None


def label_for(code: str) -> str:
    return CODE_LABEL.get(code, code)


def choices(category: str) -> list[tuple[str, str]]:
    """Form choices for one mapped category."""
    return [(code, labels[0]) for code, labels in ALL_CODES[category].items()]


def group_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    return [(code, CODE_LABEL[code]) for code in codes]


# Levels of care (asam.md, 3rd edition) and the crosswalk of samhsa.md.
LEVELS_OF_CARE: dict[str, str] = {
    "0.5": "0.5 Early intervention",
    "1": "1 Outpatient services",
    "2.1": "2.1 Intensive outpatient",
    "2.5": "2.5 Partial hospitalization",
    "3.1": "3.1 Clinically managed low-intensity residential",
    "3.3": "3.3 Clinically managed population-specific high-intensity residential",
    "3.5": "3.5 Clinically managed high-intensity residential",
    "3.7": "3.7 Medically monitored intensive inpatient",
    "4": "4 Medically managed intensive inpatient",
}

# A facility fits a level when it has one of `settings`, or one of `care_types` (type of care), or one of
# `settings_with_medical_staff` together with 24-hour medical staff (STAFF MED24).
LEVEL_CROSSWALK: dict[str, dict[str, frozenset[str]]] = {
    "0.5": {"settings": frozenset({"ORT", "OP"})},
    "1": {"settings": frozenset({"ORT", "OP"})},
    "2.1": {"settings": frozenset({"OIT"})},
    "2.5": {"settings": frozenset({"ODT"})},
    "3.1": {"settings": frozenset({"RL"}), "care_types": frozenset({"HH"})},
    "3.3": {"settings": frozenset({"RS", "RL", "RES"})},
    "3.5": {"settings": frozenset({"RS", "RL", "RES"})},
    "3.7": {"settings": frozenset({"HIT"}), "settings_with_medical_staff": frozenset({"RS", "RES"})},
    "4": {"settings": frozenset({"HI", "HIT"})},
}
MEDICAL_STAFF_CODE = "MED24"


def withdrawal_settings(level: str | None) -> frozenset[str]:
    """Settings that provide withdrawal management at a level (any of them when no level is given)."""
    if level is None:
        return frozenset({"OD", "RD", "HID"})
    if level == "4":
        return frozenset({"HID"})
    if level.startswith("3"):
        return frozenset({"RD", "HID"})
    return frozenset({"OD"})


def level_settings(level: str) -> frozenset[str]:
    """Every setting that can fit a level (for bed counts): plain settings and those needing medical staff."""
    entry = LEVEL_CROSSWALK[level]
    return entry.get("settings", frozenset()) | entry.get("settings_with_medical_staff", frozenset())


def bed_settings(level: str | None) -> frozenset[str]:
    """Settings whose open beds can take a person at a level: the level's own settings and its withdrawal
    management (detox) settings, so residential or hospital detox beds count where detox fits the level."""
    if level is None:
        return SETTING_CODES
    return level_settings(level) | withdrawal_settings(level)


CO_OCCURRING_CODES = frozenset({"CO", "SUMH"})
DETOX_CARE_TYPE = "DT"


def age_codes(age: int) -> frozenset[str]:
    """The AGE codes any of which admits a person of this age."""
    if age < 18:
        return frozenset({"CHLD"})
    if age < 26:
        return frozenset({"YAD", "ADLT"})
    if age < 65:
        return frozenset({"ADLT"})
    return frozenset({"SNR", "ADLT"})


SEX_CODES = {"female": "FEM", "male": "MALE"}
