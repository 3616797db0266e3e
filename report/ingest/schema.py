"""The extract contract (shared/EXTRACTS.md) as data: tables, columns, keys and rules.

Validation in report.extracts reads this; nothing else decides what a valid extract is.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | int | bool | date | float
    nullable: bool = False
    allowed: tuple[str | int, ...] | None = None
    low: float | None = None
    high: float | None = None
    pattern: str | None = None  # full-match regular expression for strings


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    target: str


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    foreign: tuple[ForeignKey, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def with_declared(self, declared: dict[str, str]) -> Table:
        """The table with the columns a dataset declares (name -> type) added, nullable;
        declared strings must be codes."""
        added = tuple(Column(name, kind, nullable=True,
                             pattern=CODE if kind == "string" else None)
                      for name, kind in declared.items()
                      if name not in {c.name for c in self.columns})
        return Table(self.name, self.columns + added, self.key, self.foreign)


# A pseudonym: a lower-case letter, then letters, digits or underscores, ending in a digit
# (p0004711). Names (kari_nordmann), numbers alone, e-mail addresses and free text are not.
# Checked on each table's own key; a foreign key must name such a key (an orphan otherwise),
# hospital_id and county_code a row of the reference tables: every contract string column is
# held to codes, keys or references.
PSEUDONYM = r"[a-z][a-z0-9_]*[0-9]"
# Values of a column a dataset adds (declared in its dataset.yml) as type string: codes,
# lower-case ASCII as the contract's own, never free text.
CODE = r"[a-z0-9_.\-]{1,64}"
# How a message names each pattern: what was expected, in words.
PATTERN_WORDS = {
    PSEUDONYM: "pseudonyms such as p0004711 (a lower-case letter, then letters, digits or _, "
               "ending in a digit)",
    CODE: "lower-case codes (a-z, 0-9, _ . -), not free text",
}
HISTOLOGY = ("ductal", "lobular", "mixed", "mucinous", "tubular", "medullary", "papillary",
             "metaplastic", "other")
FORM_TYPES = ("assessment", "surgery", "postop_checkup", "radiology", "pathology", "oncology")

PATIENTS = Table(
    "patients",
    (
        Column("patient_id", "string", pattern=PSEUDONYM),
        Column("sex", "string", allowed=("f", "m")),
        Column("birth_year", "int", low=1880, high=2100),
        Column("death_date", "date", nullable=True),
        Column("emigration_date", "date", nullable=True),
    ),
    key=("patient_id",),
)

TUMOURS = Table(
    "tumours",
    (
        Column("tumour_id", "string", pattern=PSEUDONYM),
        Column("patient_id", "string"),
        Column("diagnosis_date", "date"),
        Column("age_at_diagnosis", "int", low=0, high=120),
        Column("county_code", "string"),
        Column("icd10", "string", pattern=r"C50\.[0-9]|D05\.[0-9]"),
        Column("invasive", "bool"),
        Column("first_breast_cancer", "bool"),
        Column("laterality", "string", nullable=True, allowed=("left", "right")),
        Column("screen_detected", "bool", nullable=True),
        Column("stage", "string", nullable=True, allowed=("0", "I", "II", "III", "IV")),
        Column("tumour_size_mm", "int", nullable=True, low=0, high=300),
        Column("multifocal", "bool", nullable=True),
        Column("grade", "int", nullable=True, allowed=(1, 2, 3)),
        Column("er_positive", "bool", nullable=True),
        Column("pr_positive", "bool", nullable=True),
        Column("her2_positive", "bool", nullable=True),
        Column("ki67_percent", "int", nullable=True, low=0, high=100),
        Column("histology", "string", nullable=True, allowed=HISTOLOGY),
    ),
    key=("tumour_id",),
    foreign=(ForeignKey("patient_id", "patients", "patient_id"),),
)

FORMS = Table(
    "forms",
    (
        Column("form_id", "string", pattern=PSEUDONYM),
        Column("tumour_id", "string"),
        Column("form_type", "string", allowed=FORM_TYPES),
        Column("hospital_id", "string"),
        Column("received_date", "date"),
    ),
    key=("form_id",),
    foreign=(ForeignKey("tumour_id", "tumours", "tumour_id"),),
)

ASSESSMENTS = Table(
    "assessments",
    (
        Column("tumour_id", "string"),
        Column("hospital_id", "string"),
        Column("referral_date", "date", nullable=True),
        Column("first_visit_date", "date", nullable=True),
        Column("decision_date", "date", nullable=True),
        Column("preop_needle_diagnosis", "bool", nullable=True),
        Column("mri", "bool", nullable=True),
        Column("mdt_discussed", "bool", nullable=True),
        Column("neoadjuvant", "bool", nullable=True),
    ),
    key=("tumour_id",),
    foreign=(ForeignKey("tumour_id", "tumours", "tumour_id"),),
)

SURGERIES = Table(
    "surgeries",
    (
        Column("surgery_id", "string", pattern=PSEUDONYM),
        Column("tumour_id", "string"),
        Column("hospital_id", "string"),
        Column("surgery_date", "date"),
        Column("breast_procedure", "string", allowed=("bcs", "mastectomy", "none")),
        Column("axillary_procedure", "string", allowed=("sentinel", "dissection", "none")),
        Column("immediate_reconstruction", "bool", nullable=True),
        Column("reoperation", "bool"),
        Column("nodes_examined", "int", nullable=True, low=0, high=100),
        Column("margins_clear", "bool", nullable=True),
        Column("positive_nodes", "int", nullable=True, low=0, high=100),
    ),
    key=("surgery_id",),
    foreign=(ForeignKey("tumour_id", "tumours", "tumour_id"),),
)

TREATMENTS = Table(
    "treatments",
    (
        Column("tumour_id", "string"),
        Column("hospital_id", "string"),
        Column("treatment", "string",
               allowed=("chemotherapy", "radiotherapy", "endocrine", "anti_her2")),
        Column("setting", "string", allowed=("neoadjuvant", "adjuvant", "palliative")),
        Column("start_date", "date"),
    ),
    foreign=(ForeignKey("tumour_id", "tumours", "tumour_id"),),
)

SPECIMENS = ("biopsy", "resection")

PATHOLOGY = Table(
    "pathology",
    (
        Column("report_id", "string", pattern=PSEUDONYM),
        Column("tumour_id", "string"),
        Column("surgery_id", "string", nullable=True),
        Column("laboratory_id", "string"),
        Column("specimen", "string", allowed=SPECIMENS),
        Column("report_date", "date"),
        Column("grade", "int", nullable=True, allowed=(1, 2, 3)),
        Column("ki67_percent", "int", nullable=True, low=0, high=100),
        Column("er_positive", "bool", nullable=True),
        Column("pr_positive", "bool", nullable=True),
        Column("her2_positive", "bool", nullable=True),
    ),
    key=("report_id",),
    foreign=(ForeignKey("tumour_id", "tumours", "tumour_id"),
             ForeignKey("surgery_id", "surgeries", "surgery_id")),
)

EXTRACTS = (PATIENTS, TUMOURS, FORMS, ASSESSMENTS, SURGERIES, TREATMENTS, PATHOLOGY)

# Tables whose hospital_id must name a hospital in data/reference/hospitals.csv, and the date
# column on which that hospital must have been in operation.
HOSPITAL_DATES = {
    "forms": "received_date",
    "assessments": "referral_date",
    "surgeries": "surgery_date",
    "treatments": "start_date",
}

# (table, earlier column, later column, what it means): an event may not come before another.
DATE_ORDER = (
    ("surgeries", "tumours.diagnosis_date", "surgery_date", "surgery before diagnosis"),
    ("patients", "tumours.diagnosis_date", "death_date", "death before diagnosis"),
    ("assessments", "referral_date", "first_visit_date", "first visit before referral"),
    ("assessments", "first_visit_date", "decision_date", "decision before first visit"),
    ("pathology", "tumours.diagnosis_date", "report_date", "pathology report before diagnosis"),
    ("pathology", "surgeries.surgery_date", "report_date",
     "resection report before its operation"),
)

REFERENCE = {
    "regions": ("region_id", "name_nb", "name_en"),
    "trusts": ("trust_id", "region_id", "name_nb", "name_en"),
    "hospitals": ("hospital_id", "trust_id", "name_nb", "name_en", "operates", "valid_from",
                  "valid_to"),
    "counties": ("county_code", "name", "region_id"),
    "population": ("year", "sex", "age_group", "county_code", "population"),
    "standard_populations": ("standard", "age_group", "weight"),
    "life_tables": ("year", "sex", "age", "death_probability"),
    "laboratories": ("laboratory_id", "region_id", "name_nb", "name_en"),
}
