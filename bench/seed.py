"""Seed a benchmark database: one organisation, an editor and a reviewer, and N assessments of
R revisions each on the AI Act FRIA set (revisions 1..R-1 approved and sealed, R a draft).

The first assessment goes through the real services (save_answer, submit, approve, open_draft),
the others are written with bulk inserts that reproduce exactly what those services write: the
same states, versions, contributor rows, parent links and chained content hashes
(app.assessments.hashing.revision_content_hash). `verify()` proves it: the bulk computation of
the first assessment's plan must give the hashes the services gave, and every bulk-written
revision must have the same shape (which columns are set, versions, contributors) as the
service-written one with the same number.

Usable on its own: `.venv/bin/python bench/seed.py --out /tmp/levend-bench.db`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, func, insert, select, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app.access import Actor  # noqa: E402
from app.assessments import service  # noqa: E402
from app.assessments.answers import save_answers  # noqa: E402
from app.assessments.hashing import revision_content_hash  # noqa: E402
from app.auth.accounts import create_user, get_or_create_organisation  # noqa: E402
from app.cli import migrate  # noqa: E402
from app.db import build_engine  # noqa: E402
from app.models import (  # noqa: E402
    Answer,
    Assessment,
    QuestionnaireSet,
    Revision,
    RevisionContributor,
    RevisionState,
    Role,
)
from app.questionnaire.model import Question, Questionnaire, QuestionType  # noqa: E402
from app.questionnaire.store import load_builtin_sets, questionnaire_of  # noqa: E402
from app.review.decisions import approve  # noqa: E402

SEED_FORMAT = 3  # bump when the generated data changes, so cached databases are rebuilt
QUESTIONNAIRE = ("ai-act-fria", "1.0")
QUESTIONNAIRE_FILE = ROOT / "questionnaires" / "ai-act-fria" / "1.0.yaml"
ORG_SLUG = "bench"
EDITOR = ("editor@bench.levend.nl", "Eva Editor", "bench-edit-password")
COLLEAGUES = 15
REVIEWER = ("reviewer@bench.levend.nl", "Rik Reviewer", "bench-review-password")
CHANGES_PER_REVISION = 3
FIRST_REASON = ""  # replaced by what service.create_assessment() writes (read back after it ran)

# --- realistic Dutch answers --------------------------------------------------------------

SYSTEMS = [
    ("Zwerfafvalherkenning", "camerabeelden van veegwagens", "de reinigingsdienst"),
    ("Risicomodel bijstand", "aanvragen voor een bijstandsuitkering", "Werk en Inkomen"),
    ("Chatbot inwonersvragen", "vragen van inwoners op de website", "het Klantcontactcentrum"),
    ("Parkeerscan", "kentekens van geparkeerde auto's", "Parkeerhandhaving"),
    ("Voorspelling schuldhulp", "signalen van betalingsachterstanden", "Schuldhulpverlening"),
    ("Anonimiseren panoramabeelden", "straatbeelden van de openbare ruimte", "Stadsbeheer"),
    ("Meldingen openbare ruimte", "meldingen van bewoners", "het Meldpunt"),
    ("Vertaalhulp balie", "gesprekken aan de publieksbalie", "Burgerzaken"),
    ("Woningtoewijzing", "inschrijvingen voor sociale huurwoningen", "Wonen"),
    ("Subsidiecheck", "aanvragen voor subsidies", "het Subsidiebureau"),
]
SUBJECTS = [
    "Het systeem",
    "Het model",
    "De leverancier",
    "De afdeling",
    "Een medewerker",
    "De gemeente",
    "Het team",
    "De functionaris gegevensbescherming",
    "De behandelaar",
    "De projectgroep",
]
VERBS = [
    "beoordeelt",
    "controleert",
    "registreert",
    "bespreekt",
    "documenteert",
    "meet",
    "evalueert",
    "bewaakt",
    "analyseert",
    "rapporteert over",
]
OBJECTS = [
    "de uitkomsten per wijk",
    "de kwaliteit van de gegevens",
    "de foutmarge van het model",
    "klachten van inwoners",
    "de gevolgen voor kwetsbare groepen",
    "de bewaartermijn van de beelden",
    "afwijkingen in de risicoscores",
    "de werking na elke update",
    "de toegang tot persoonsgegevens",
    "het gebruik door medewerkers",
    "de verdeling van de inzet over de stad",
    "signalen van ongelijke behandeling",
]
TAILS = [
    "elke maand",
    "voordat een besluit wordt genomen",
    "samen met de leverancier",
    "in overleg met de privacy officer",
    "op basis van een steekproef",
    "en legt dit vast in het dossier",
    "na elke nieuwe versie van het model",
    "volgens het vastgestelde protocol",
    "met aandacht voor discriminatie",
    "en meldt afwijkingen aan het management",
]
REASONS = [
    "Het model is opnieuw getraind op gegevens van het afgelopen jaar.",
    "De pilot gaat over naar structureel gebruik in productie.",
    "Er is een nieuwe gegevensbron aangesloten.",
    "Naar aanleiding van een incident zijn de maatregelen aangescherpt.",
    "De jaarlijkse herbeoordeling is uitgevoerd.",
    "De leverancier heeft een nieuwe versie geleverd.",
    "Het doel van het systeem is verduidelijkt na vragen van de raad.",
    "Nieuwe wetgeving vraagt om een aanvullende toets.",
]
PHASES = ["idea", "pilot", "production", "production", "retired"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def _text(rng: random.Random, low: int = 2, high: int = 5) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(low, high)))


def _date(rng: random.Random) -> str:
    return (datetime(2024, 1, 1) + timedelta(days=rng.randint(0, 900))).date().isoformat()


def _value(question: Question, rng: random.Random) -> Any:
    options = [o.value for o in question.options]
    match question.type:
        case QuestionType.TEXT:
            return _text(rng)
        case QuestionType.CHOICE:
            return rng.choice(options)
        case QuestionType.MULTICHOICE:
            picked = set(rng.sample(options, rng.randint(1, min(3, len(options)))))
            # In questionnaire order, as check_value stores it.
            return [o for o in options if o in picked]
        case QuestionType.YESNO:
            return rng.random() < 0.6
        case QuestionType.DATE:
            return _date(rng)
    raise ValueError(f"unknown question type {question.type}")


def _changed_text(old: str, rng: random.Random) -> str:
    sentences = [s for s in old.split(". ") if s]
    if len(sentences) > 1 and rng.random() < 0.6:
        sentences[rng.randrange(len(sentences))] = _sentence(rng).rstrip(".")
        new = ". ".join(s.rstrip(".") for s in sentences) + "."
    else:
        new = f"{old} {_sentence(rng)}"
    return new if new != old else f"{old} {_sentence(rng)}"


# --- the plan: every revision's answers, decided before anything is written ------------------


@dataclass
class AssessmentPlan:
    title: str
    description: str
    phase: str
    revisions: list[dict[str, Any]]  # answers of revision 1..R
    changed: list[list[str]]  # keys changed in revision n relative to n-1 (empty for 1)
    reasons: list[str]


def plan_assessment(
    questionnaire: Questionnaire, index: int, revisions: int, rng_seed: int
) -> AssessmentPlan:
    rng = random.Random(rng_seed * 1_000_003 + index)
    name, data, team = SYSTEMS[index % len(SYSTEMS)]
    answers: dict[str, Any] = {}
    asked: set[str] = set()
    for q in questionnaire.questions:
        cond = q.show_if
        if cond is not None and not (
            cond.question in asked and cond.holds_for(answers.get(cond.question))
        ):
            continue
        asked.add(q.key)
        if q.required or rng.random() < 0.5:
            answers[q.key] = _value(q, rng)
    # Change only answers that no other question depends on, so what is asked stays the same.
    conditions = {q.show_if.question for q in questionnaire.questions if q.show_if}
    changeable = [
        k
        for k in answers
        if k not in conditions
        and questionnaire.by_key[k].type in (QuestionType.TEXT, QuestionType.CHOICE)
    ]
    plan = AssessmentPlan(
        title=f"{name} #{index + 1}",
        description=f"Een AI-systeem dat {data} verwerkt voor {team}.",
        phase=rng.choice(PHASES),
        revisions=[dict(answers)],
        changed=[[]],
        reasons=[FIRST_REASON],
    )
    for _number in range(2, revisions + 1):
        current = dict(plan.revisions[-1])
        keys = rng.sample(changeable, min(CHANGES_PER_REVISION, len(changeable)))
        for key in keys:
            question = questionnaire.by_key[key]
            if question.type == QuestionType.TEXT:
                current[key] = _changed_text(current[key], rng)
            else:
                others = [o.value for o in question.options if o.value != current[key]]
                current[key] = rng.choice(others)
        plan.revisions.append(current)
        plan.changed.append(keys)
        plan.reasons.append(rng.choice(REASONS))
    return plan


def chain_hashes(
    plan: AssessmentPlan, questionnaire_set: QuestionnaireSet, sealed: int
) -> list[str]:
    """Content hashes of revisions 1..sealed, each chained to its parent's."""
    hashes: list[str] = []
    for number in range(1, sealed + 1):
        hashes.append(
            revision_content_hash(
                number=number,
                questionnaire_ref=questionnaire_set.ref,
                questionnaire_hash=questionnaire_set.content_hash,
                answers=plan.revisions[number - 1],
                parent_hash=hashes[-1] if hashes else None,
            )
        )
    return hashes


# --- writing ---------------------------------------------------------------------------------


@dataclass
class SeedInfo:
    database: str
    assessments: int
    revisions: int
    rng_seed: int
    editor_email: str
    editor_password: str
    reviewer_email: str
    reviewer_password: str
    questionnaire: str
    seconds: float = 0.0
    answers: int = 0
    cache_key: str = ""
    checks: list[str] = field(default_factory=list)


def _builtin_set(session: Session) -> QuestionnaireSet | None:
    """The built-in FRIA set (looked up directly: the store's helpers change with tenancy)."""
    return session.execute(
        select(QuestionnaireSet).where(
            QuestionnaireSet.key == QUESTIONNAIRE[0],  # type: ignore[arg-type]
            QuestionnaireSet.version == QUESTIONNAIRE[1],  # type: ignore[arg-type]
            QuestionnaireSet.organisation_id.is_(None),  # type: ignore[union-attr]
        )
    ).scalar_one_or_none()


def _people(session: Session) -> tuple[Actor, Actor]:
    organisation = get_or_create_organisation(session, ORG_SLUG, "Gemeente Benchmarkstad")
    assert organisation.id is not None
    made = []
    for (email, name, password), role in ((EDITOR, Role.EDITOR), (REVIEWER, Role.REVIEWER)):
        user = create_user(
            session,
            email=email,
            name=name,
            password=password,
            organisation=organisation,
            role=role,
        )
        made.append(Actor.of(user, organisation.id, role))
    # Colleagues of the editor: each concurrent client is a person of their own, as at nine
    # o'clock in a town hall (one account logged in eight times at once is not a team).
    for n in range(2, COLLEAGUES + 2):
        create_user(
            session,
            email=colleague_email(n),
            name=f"Collega {n}",
            password=EDITOR[2],
            organisation=organisation,
            role=Role.EDITOR,
        )
    return made[0], made[1]


def colleague_email(n: int) -> str:
    return f"collega-{n}@bench.levend.nl"


def seed_through_services(
    session: Session, editor: Actor, reviewer: Actor, plan: AssessmentPlan
) -> int:
    """The reference assessment, made exactly as a user would make it."""
    assessment, _ = service.create_assessment(
        session,
        editor,
        title=plan.title,
        questionnaire_ref="@".join(QUESTIONNAIRE),
        description=plan.description,
        lifecycle_phase=plan.phase,
    )
    assert assessment.id is not None
    save_answers(session, editor, assessment.id, 1, plan.revisions[0])
    for number in range(1, len(plan.revisions) + 1):
        if number > 1:
            service.open_draft(session, editor, assessment, reason=plan.reasons[number - 1])
            changes = {k: plan.revisions[number - 1][k] for k in plan.changed[number - 1]}
            save_answers(session, editor, assessment.id, number, changes)
        if number == len(plan.revisions):
            break  # the last revision stays a draft
        view = service.load_revision(session, editor, assessment.id, number)
        service.submit_revision(session, editor, view)
        approve(session, reviewer, service.load_revision(session, reviewer, assessment.id, number))
    return assessment.id


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def seed_bulk(
    engine: Engine,
    plans: list[AssessmentPlan],
    questionnaire_set: QuestionnaireSet,
    editor: Actor,
    reviewer: Actor,
    organisation_id: int,
) -> int:
    """Write the plans with bulk inserts, one round per revision number so that the database's
    own guards (answers only change in a draft; one open revision per assessment) hold."""
    revisions = len(plans[0].revisions)
    assessment_table = Assessment.__table__  # type: ignore[attr-defined]
    revision_table = Revision.__table__  # type: ignore[attr-defined]
    answer_table = Answer.__table__  # type: ignore[attr-defined]
    contributor_table = RevisionContributor.__table__  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    answers_written = 0
    with engine.begin() as conn:
        first_assessment = (conn.execute(select(func.max(assessment_table.c.id))).scalar() or 0) + 1
        first_revision = (conn.execute(select(func.max(revision_table.c.id))).scalar() or 0) + 1
        first_answer = (conn.execute(select(func.max(answer_table.c.id))).scalar() or 0) + 1
        # Spread the history over the last three years, one revision every ~3 months.
        starts = [now - timedelta(days=1100 - (i % 97)) for i in range(len(plans))]
        conn.execute(
            insert(assessment_table),
            [
                {
                    "id": first_assessment + i,
                    "organisation_id": organisation_id,
                    "title": plan.title,
                    "description": plan.description,
                    "lifecycle_phase": plan.phase,
                    "questionnaire_key": questionnaire_set.key,
                    "created_by": editor.user_id,
                    "created_at": starts[i],
                }
                for i, plan in enumerate(plans)
            ],
        )
    hashes = [chain_hashes(plan, questionnaire_set, revisions - 1) for plan in plans]

    def revision_id(i: int, number: int) -> int:
        return first_revision + i * revisions + (number - 1)

    answer_id = first_answer
    for number in range(1, revisions + 1):
        sealed = number < revisions
        revision_rows = []
        answer_rows = []
        for i, plan in enumerate(plans):
            opened = starts[i] + timedelta(days=90 * (number - 1))
            submitted = opened + timedelta(days=10)
            approved = submitted + timedelta(days=4)
            revision_rows.append(
                {
                    "id": revision_id(i, number),
                    "assessment_id": first_assessment + i,
                    "number": number,
                    "parent_id": revision_id(i, number - 1) if number > 1 else None,
                    "questionnaire_id": questionnaire_set.id,
                    "state": RevisionState.DRAFT.value,  # sealed below, after its answers
                    "reason": plan.reasons[number - 1],
                    "created_by": editor.user_id,
                    "created_at": opened,
                    "submitted_by": editor.user_id if sealed else None,
                    "submitted_at": submitted if sealed else None,
                    "approved_by": reviewer.user_id if sealed else None,
                    "approved_at": approved if sealed else None,
                    "content_hash": hashes[i][number - 1] if sealed else None,
                    "parent_hash": hashes[i][number - 2] if number > 1 else None,
                }
            )
            changed = set(plan.changed[number - 1])
            for key, value in plan.revisions[number - 1].items():
                # Revision 1: every answer saved once. Later: copied at version 1 by
                # open_draft, and the changed ones saved once more (version 2).
                bumped = number > 1 and key in changed
                answer_rows.append(
                    {
                        "id": answer_id,
                        "revision_id": revision_id(i, number),
                        "question_key": key,
                        "value": value,
                        "version": 2 if bumped else 1,
                        "updated_by": editor.user_id,
                        "updated_at": opened + timedelta(days=2 if bumped else 0),
                    }
                )
                answer_id += 1
        with engine.begin() as conn:
            conn.execute(insert(revision_table), revision_rows)
            for chunk in _chunks(answer_rows):
                conn.execute(insert(answer_table), chunk)
            conn.execute(
                insert(contributor_table),
                [{"revision_id": r["id"], "user_id": editor.user_id} for r in revision_rows],
            )
            if sealed:
                # approve(): the previous approved revision becomes superseded, this one sealed.
                previous = (
                    [revision_id(i, number - 1) for i in range(len(plans))] if number > 1 else []
                )
                current = [r["id"] for r in revision_rows]
                for ids, state in (
                    (previous, RevisionState.SUPERSEDED),
                    (current, RevisionState.APPROVED),
                ):
                    for start in range(0, len(ids), 900):
                        conn.execute(
                            revision_table.update()
                            .where(revision_table.c.id.in_(ids[start : start + 900]))
                            .values(state=state.value)
                        )
        answers_written += len(answer_rows)
    return answers_written


# --- checking the bulk rows against the service-made ones -------------------------------------

REVISION_COLUMNS = [
    "parent_id",
    "state",
    "reason",
    "submitted_by",
    "submitted_at",
    "approved_by",
    "approved_at",
    "content_hash",
    "parent_hash",
]


def verify(
    engine: Engine,
    reference_id: int,
    reference_plan: AssessmentPlan,
    sample_ids: list[int],
    questionnaire_set: QuestionnaireSet,
) -> list[str]:
    """Raise if the bulk rows differ from what the services write; return what was checked."""
    revisions = len(reference_plan.revisions)
    expected = chain_hashes(reference_plan, questionnaire_set, revisions - 1)

    def shape(conn: Any, assessment_id: int) -> list[dict[str, Any]]:
        rows = conn.execute(
            text(
                "SELECT r.id, r.number, r.parent_id, r.state, r.reason, r.submitted_by, "
                "r.submitted_at, r.approved_by, r.approved_at, r.content_hash, r.parent_hash, "
                "r.created_by FROM revision r WHERE r.assessment_id = :a ORDER BY r.number"
            ),
            {"a": assessment_id},
        ).mappings()
        out = []
        by_id: dict[int, dict[str, Any]] = {}
        for row in rows:
            versions = dict(
                conn.execute(
                    text(
                        "SELECT version, count(*) FROM answer WHERE revision_id = :r "
                        "GROUP BY version"
                    ),
                    {"r": row["id"]},
                ).all()
            )
            contributors = sorted(
                conn.execute(
                    text("SELECT user_id FROM revision_contributor WHERE revision_id = :r"),
                    {"r": row["id"]},
                ).scalars()
            )
            item = {
                "number": row["number"],
                "set": sorted(c for c in REVISION_COLUMNS if row[c] is not None),
                "state": row["state"],
                "parent_number": by_id[row["parent_id"]]["number"] if row["parent_id"] else None,
                "parent_hash_chained": row["parent_hash"]
                == (by_id[row["parent_id"]]["content_hash"] if row["parent_id"] else None),
                "versions": versions,
                "contributors": contributors,
                "reason_first": row["reason"] if row["number"] == 1 else "",
            }
            by_id[row["id"]] = dict(row)
            out.append(item)
        return out

    checks = []
    with engine.connect() as conn:
        hashes = list(
            conn.execute(
                text(
                    "SELECT content_hash FROM revision WHERE assessment_id = :a AND number < :n "
                    "ORDER BY number"
                ),
                {"a": reference_id, "n": revisions},
            ).scalars()
        )
        if hashes != expected:
            raise AssertionError(
                "the bulk hash computation differs from approve(): "
                f"services {hashes[:2]}..., bulk {expected[:2]}..."
            )
        checks.append(f"bulk hashes of the reference plan == approve() hashes ({len(hashes)})")
        reference = shape(conn, reference_id)
        for assessment_id in sample_ids:
            got = shape(conn, assessment_id)
            # Versions and contributors must match; answer counts may differ per plan.
            for ref, row in zip(reference, got, strict=True):
                for name in ("number", "set", "state", "parent_number", "parent_hash_chained"):
                    if ref[name] != row[name]:
                        raise AssertionError(
                            f"assessment {assessment_id} revision {row['number']}: {name} is "
                            f"{row[name]!r}, the services write {ref[name]!r}"
                        )
                if set(ref["versions"]) != set(row["versions"]):
                    raise AssertionError(
                        f"assessment {assessment_id} revision {row['number']}: answer versions "
                        f"{row['versions']}, the services write {ref['versions']}"
                    )
                if ref["contributors"] != row["contributors"]:
                    raise AssertionError(
                        f"assessment {assessment_id} revision {row['number']}: contributors "
                        f"{row['contributors']}, the services write {ref['contributors']}"
                    )
                if ref["reason_first"] != row["reason_first"]:
                    raise AssertionError("revision 1's reason differs from create_assessment()'s")
        checks.append(
            f"{len(sample_ids)} bulk assessments have the shape of the service-made one "
            "(columns set, states, parent chain, versions, contributors)"
        )
    # And the hash of each sampled sealed revision recomputes from its stored answers.
    with Session(engine) as session:
        stored = _builtin_set(session)
        assert stored is not None
        for assessment_id in sample_ids:
            rows = session.execute(
                select(Revision)
                .where(Revision.assessment_id == assessment_id)  # type: ignore[arg-type]
                .order_by(Revision.number)  # type: ignore[arg-type]
            ).scalars()
            parent_hash = None
            for revision in rows:
                if revision.state == RevisionState.DRAFT:
                    break
                values = {k: a.value for k, a in service.answers_of(session, revision).items()}
                digest = revision_content_hash(
                    number=revision.number,
                    questionnaire_ref=stored.ref,
                    questionnaire_hash=stored.content_hash,
                    answers=values,
                    parent_hash=parent_hash,
                )
                if digest != revision.content_hash:
                    raise AssertionError(
                        f"assessment {assessment_id} revision {revision.number}: stored hash does "
                        "not match its answers"
                    )
                parent_hash = digest
    checks.append(f"{len(sample_ids)} sampled hash chains recompute from their stored answers")
    return checks


# --- the cache and the entry point ------------------------------------------------------------


def cache_key(assessments: int, revisions: int, rng_seed: int) -> str:
    digest = hashlib.sha256()
    digest.update(f"{SEED_FORMAT}:{assessments}:{revisions}:{rng_seed}".encode())
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(QUESTIONNAIRE_FILE.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return f"a{assessments}-r{revisions}-s{rng_seed}-{digest.hexdigest()[:12]}"


def seed(path: Path, assessments: int, revisions: int, rng_seed: int = 2026) -> SeedInfo:
    if revisions < 2:
        raise SystemExit("--revisions must be at least 2 (sealed revisions and a draft)")
    if assessments < 2:
        raise SystemExit("--assessments must be at least 2")
    started = time.perf_counter()
    url = f"sqlite:///{path}"
    migrate(url)
    engine = build_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        load_builtin_sets(session, ROOT / "questionnaires")
        stored = _builtin_set(session)
        if stored is None:
            raise SystemExit(f"the built-in sets do not include {'@'.join(QUESTIONNAIRE)}")
        questionnaire = questionnaire_of(stored)
        editor, reviewer = _people(session)
        plans = [plan_assessment(questionnaire, i, revisions, rng_seed) for i in range(assessments)]
        reference_id = seed_through_services(session, editor, reviewer, plans[0])
        # Revision 1's reason is whatever create_assessment() writes; copy it, don't guess it.
        first_reason = session.execute(
            text("SELECT reason FROM revision WHERE assessment_id = :a AND number = 1"),
            {"a": reference_id},
        ).scalar_one()
        for plan in plans:
            plan.reasons[0] = first_reason
    seed_bulk(engine, plans[1:], stored, editor, reviewer, editor.organisation_id)
    rng = random.Random(rng_seed)
    sample = sorted(rng.sample(range(reference_id + 1, reference_id + assessments), 5))
    checks = verify(engine, reference_id, plans[0], sample, stored)
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        total_answers = conn.execute(text("SELECT count(*) FROM answer")).scalar() or 0
    engine.dispose()
    seconds = time.perf_counter() - started
    return SeedInfo(
        database=str(path),
        assessments=assessments,
        revisions=revisions,
        rng_seed=rng_seed,
        editor_email=EDITOR[0],
        editor_password=EDITOR[2],
        reviewer_email=REVIEWER[0],
        reviewer_password=REVIEWER[2],
        questionnaire="@".join(QUESTIONNAIRE),
        seconds=round(seconds, 2),
        answers=int(total_answers),
        checks=checks,
    )


def seeded_copy(
    target: Path,
    assessments: int,
    revisions: int,
    *,
    rng_seed: int = 2026,
    cache_dir: Path | None = None,
) -> tuple[SeedInfo, bool]:
    """A fresh database at `target`, copied from the cache when one with these parameters (and
    this schema, questionnaire and seed code) exists. Returns (info, came_from_cache)."""
    key = cache_key(assessments, revisions, rng_seed)
    if cache_dir is not None:
        cached_db = cache_dir / f"{key}.db"
        cached_info = cache_dir / f"{key}.json"
        if cached_db.exists() and cached_info.exists():
            info = SeedInfo(**json.loads(cached_info.read_text()))
            shutil.copyfile(cached_db, target)
            info.database = str(target)
            return info, True
    info = seed(target, assessments, revisions, rng_seed)
    info.cache_key = key
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cache_dir / f"{key}.db.partial"
        # Copy through SQLite's backup API so the cached file is one consistent database.
        with sqlite3.connect(target) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
        partial.replace(cache_dir / f"{key}.db")
        # Drop databases seeded for these parameters by older code, schema or questionnaire.
        prefix = key.rsplit("-", 1)[0] + "-"
        for stale in cache_dir.glob(f"{prefix}*"):
            if not stale.name.startswith(key):
                stale.unlink()
        (cache_dir / f"{key}.json").write_text(json.dumps(vars(info), indent=2))
    return info, False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="SQLite file to create")
    parser.add_argument("--assessments", type=int, default=1000)
    parser.add_argument("--revisions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the data")
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"{args.out} exists; choose a new file")
    info = seed(args.out, args.assessments, args.revisions, args.seed)
    print(json.dumps(vars(info), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
