"""Demo data for `make run`: one municipality, its people, and assessments of AI systems like
those Dutch municipalities report on, taken through the real lifecycle (save, submit, approve)."""

from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from app.access import Actor
from app.assessments import service
from app.assessments.answers import save_answers
from app.auth.accounts import create_user, find_user, get_or_create_organisation
from app.models import Membership, Organisation, Role, User
from app.questionnaire.store import load_builtin_sets
from app.review.decisions import approve

DEMO_ORG = "demo"
FRIA = "ai-act-fria@1.0"

# Printed by `levend demo`, which refuses to run in production: these passwords are public.
DEMO_PEOPLE = [
    ("editor@demo.levend.nl", "Eva de Vries", Role.EDITOR, "demo-edit-pass"),
    ("editor2@demo.levend.nl", "Mohammed El Amrani", Role.EDITOR, "demo-edit2-pass"),
    ("fg@demo.levend.nl", "Femke Gerritsen (FG)", Role.REVIEWER, "demo-reviewer-pass"),
    ("viewer@demo.levend.nl", "Victor Bakker", Role.VIEWER, "demo-view-pass"),
]
# The demo's admin manages its people (/people); the FG also works for a neighbouring
# municipality, so she can switch between the two in the page header.
DEMO_ADMIN = ("admin@demo.levend.nl", "Anouk Smit", Role.ADMIN, "demo-beheer-pass")
NEIGHBOUR_ORG = "buurdorp"
NEIGHBOUR_NAME = "Gemeente Buurdorp"
NEIGHBOUR_PEOPLE = [("fg@demo.levend.nl", Role.REVIEWER), ("admin@demo.levend.nl", Role.ADMIN)]

LITTER: dict[str, Any] = {
    "0.1": "Zwerfafvalherkenning: een beeldherkenningsmodel dat op camerabeelden van "
    "veegwagens zwerfafval herkent (leverancier: versie 2.3).",
    "0.2": "Aangeschaft bij een Nederlandse leverancier via een Europese aanbesteding.",
    "0.3": "essential-services",
    "0.4": "Twijfelgeval; we behandelen het systeem voorzichtigheidshalve als hoog risico omdat "
    "het de inzet van reinigingsdiensten per wijk stuurt.",
    "0.5": True,
    "0.6": "DPIA zwerfafval 2025, onderdelen verwerking van camerabeelden en bewaartermijnen.",
    "a.1": "Planning van de reiniging van de openbare ruimte: het systeem telt afval per "
    "straat zodat de veegroutes worden aangepast.",
    "a.2": "Het herkennen en tellen van zwerfafval op straatbeelden.",
    "a.3": "prioritisation",
    "a.5": False,
    "b.1": "2025-03-01",
    "b.2": "pilot",
    "b.3": "2026-03-01",
    "b.4": "daily",
    "c.1": "Bewoners en passanten die op beelden staan; medewerkers van de reiniging.",
    "c.2": ["low-income-debt"],
    "c.3": "Wijken met minder meldingen kunnen onderbedeeld raken als het model daar slechter "
    "werkt.",
    "c.4": "over-100000",
    "c.5": True,
    "d.1": ["private-life", "data-protection", "non-discrimination"],
    "d.3": "Personen op beelden: inbreuk op privacy als beelden niet worden gewist. Wijken: "
    "ongelijke dienstverlening bij systematische fouten.",
    "d.4": "De leverancier meldt een lagere nauwkeurigheid bij regen en in het donker.",
    "d.5": "medium",
    "d.6": "low",
    "e.1": "De planner van de reinigingsdienst controleert de weekplanning.",
    "e.2": "Planners hebben een training gevolgd over de grenzen van het model.",
    "e.3": True,
    "e.5": "De planning toont steeds ook de meldingen van bewoners naast de modeluitkomst.",
    "e.6": "Maandelijkse steekproef van 200 beelden door twee medewerkers.",
    "f.1": "Bij ongelijke uitkomsten per wijk wordt het systeem tijdelijk uitgezet.",
    "f.2": "De afdelingsmanager Stadsbeheer beslist over bijsturen of stoppen.",
    "f.3": "Via het algemene klachtenformulier van de gemeente en het algoritmeregister.",
    "f.4": "Extra reiniging in de getroffen wijk en terugkoppeling aan de melders.",
    "g.1": "2025-02-15",
    "g.2": "2026-02-15",
    "g.3": ["new-data", "retrained-model", "pilot-to-production", "incident"],
    "g.4": True,
    "g.5": "2025-02-20",
}

LITTER_CHANGES: dict[str, Any] = {
    "0.1": "Zwerfafvalherkenning: een beeldherkenningsmodel dat op camerabeelden van "
    "veegwagens zwerfafval herkent (leverancier: versie 3.0, opnieuw getraind op beelden "
    "uit 2025).",
    "b.2": "indefinite",
    "d.4": "De leverancier meldt een lagere nauwkeurigheid bij regen en in het donker; versie "
    "3.0 is daarop opnieuw getraind en getest.",
}

FRAUD: dict[str, Any] = {
    **LITTER,
    "0.1": "Risicomodel rechtmatigheid bijstand: een model dat aanvragen voor een "
    "bijstandsuitkering een risicoscore geeft voor heronderzoek.",
    "0.3": "essential-services",
    "0.4": "Bijlage III, punt 5(a): beoordeling van het recht op essentiële overheidsuitkeringen.",
    "a.1": "Selectie van dossiers voor heronderzoek door handhaving van Werk en Inkomen.",
    "a.2": "Het ondersteunen van de keuze welke dossiers als eerste worden heronderzocht.",
    "a.3": "recommendation",
    "b.2": "indefinite",
    "b.4": "per-case",
    "c.1": "Aanvragers en ontvangers van een bijstandsuitkering en hun huisgenoten.",
    "c.2": ["low-income-debt", "benefit-recipients", "migration-background", "low-literacy"],
    "c.3": "Het model kan kenmerken gebruiken die samenhangen met afkomst; wie al kwetsbaar is "
    "wordt vaker onderzocht.",
    "c.4": "1000-10000",
    "d.1": ["human-dignity", "private-life", "data-protection", "non-discrimination"],
    "d.3": "Onterechte heronderzoeken, stress en stopzetting van inkomen; indirecte "
    "discriminatie van groepen.",
    "d.5": "high",
    "d.6": "medium",
}

BLUR: dict[str, Any] = {
    **LITTER,
    "0.1": "Anonimiseren van panoramabeelden: een model dat personen en kentekens op "
    "straatbeelden onherkenbaar maakt voordat ze worden gepubliceerd.",
    "a.1": "Publicatie van straatbeelden voor beheer van de openbare ruimte.",
    "a.3": "automated-decision",
    "a.4": "Er wordt niets over personen besloten; het vervagen zelf gebeurt automatisch en "
    "wordt steekproefsgewijs gecontroleerd.",
    "d.5": "low",
}

CHATBOT: dict[str, Any] = {
    "0.1": "Digitale assistent op de gemeentelijke website die vragen van inwoners beantwoordt.",
    "0.2": "Afgenomen als dienst van een leverancier van taalmodellen.",
    "a.1": "Het beantwoorden van algemene vragen over afval, paspoorten en parkeren.",
}


def _assessment(
    session: Session,
    editor: Actor,
    reviewer: Actor,
    *,
    title: str,
    description: str,
    phase: str,
    answers: dict[str, Any],
    approved_revisions: int = 0,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    submit_last: bool = False,
) -> None:
    assessment, _ = service.create_assessment(
        session,
        editor,
        title=title,
        questionnaire_ref=FRIA,
        description=description,
        lifecycle_phase=phase,
    )
    assert assessment.id is not None
    save_answers(session, editor, assessment.id, 1, answers)
    for number in range(1, approved_revisions + 1):
        if number > 1:
            service.open_draft(session, editor, assessment, reason=reason)
            save_answers(session, editor, assessment.id, number, changes or {})
        view = service.load_revision(session, editor, assessment.id, number)
        service.submit_revision(session, editor, view)
        approve(session, reviewer, service.load_revision(session, reviewer, assessment.id, number))
    if changes and reason and approved_revisions == 1:
        draft = service.open_draft(session, editor, assessment, reason=reason)
        save_answers(session, editor, assessment.id, draft.number, changes)
    if submit_last:
        latest = service.latest_revision(session, assessment)
        view = service.load_revision(session, editor, assessment.id, latest.number)
        service.submit_revision(session, editor, view)


def seed_demo(session: Session, questionnaire_dir: Path) -> list[tuple[str, str, str]]:
    """Create the demo organisations once; running it again changes nothing. Returns the
    logins (e-mail, password, role)."""
    load_builtin_sets(session, questionnaire_dir)
    logins = [
        (email, password, role.value) for email, _n, role, password in [*DEMO_PEOPLE, DEMO_ADMIN]
    ]
    if not session.exec(select(Organisation).where(Organisation.slug == DEMO_ORG)).first():
        _seed_demo_organisation(session)
    # Separately, so that a database seeded before the admin existed gets them too.
    _seed_admin_and_neighbour(session)
    return logins


def _seed_admin_and_neighbour(session: Session) -> None:
    demo = get_or_create_organisation(session, DEMO_ORG, "Gemeente Voorbeeldstad")
    email, name, role, password = DEMO_ADMIN
    if find_user(session, email) is None:
        create_user(
            session, email=email, name=name, password=password, organisation=demo, role=role
        )
    if session.exec(select(Organisation).where(Organisation.slug == NEIGHBOUR_ORG)).first():
        return
    neighbour = get_or_create_organisation(session, NEIGHBOUR_ORG, NEIGHBOUR_NAME)
    assert neighbour.id is not None
    members: dict[Role, User] = {}
    for email, role in NEIGHBOUR_PEOPLE:
        user = find_user(session, email)
        assert user is not None and user.id is not None
        session.add(Membership(user_id=user.id, organisation_id=neighbour.id, role=role))
        members[role] = user
    session.commit()
    admin = Actor.of(members[Role.ADMIN], neighbour.id, Role.ADMIN)
    service.create_assessment(
        session,
        admin,
        title="Slimme verkeerslichten",
        questionnaire_ref=FRIA,
        description="Verkeerslichten die de groentijden aanpassen aan de drukte op de kruising.",
        lifecycle_phase="idea",
    )


def _seed_demo_organisation(session: Session) -> None:
    organisation = get_or_create_organisation(session, DEMO_ORG, "Gemeente Voorbeeldstad")
    assert organisation.id is not None
    people: dict[Role, User] = {}
    for email, name, role, password in DEMO_PEOPLE:
        user = create_user(
            session, email=email, name=name, password=password, organisation=organisation, role=role
        )
        people.setdefault(role, user)
    editor = Actor.of(people[Role.EDITOR], organisation.id, Role.EDITOR)
    reviewer = Actor.of(people[Role.REVIEWER], organisation.id, Role.REVIEWER)
    _assessment(
        session,
        editor,
        reviewer,
        title="Zwerfafvalherkenning op straatbeelden",
        description="Camera's op veegwagens herkennen zwerfafval, zodat de reiniging "
        "gerichter rijdt.",
        phase="pilot",
        answers=LITTER,
        approved_revisions=1,
        changes=LITTER_CHANGES,
        reason="Model opnieuw getraind (versie 3.0) en de pilot gaat naar productie.",
    )
    _assessment(
        session,
        editor,
        reviewer,
        title="Risicomodel rechtmatigheid bijstand",
        description="Risicoscores voor heronderzoek van bijstandsdossiers (hoog risico).",
        phase="production",
        answers=FRAUD,
        approved_revisions=2,
        changes={
            "d.6": "low",
            "e.5": "Risicoscores zijn voor de behandelaar verborgen tot "
            "na het eigen oordeel; dat halveert het volgen van de score.",
        },
        reason="Uitkomst van de jaarlijkse evaluatie: maatregelen tegen automation bias.",
    )
    _assessment(
        session,
        editor,
        reviewer,
        title="Anonimiseren van panoramabeelden",
        description="Personen en kentekens op straatbeelden automatisch vervagen.",
        phase="production",
        answers=BLUR,
        submit_last=True,
    )
    _assessment(
        session,
        editor,
        reviewer,
        title="Chatbot voor inwonersvragen",
        description="Een digitale assistent die vragen van inwoners beantwoordt.",
        phase="idea",
        answers=CHATBOT,
    )
