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
IAMA2 = "iama-2@2.0"

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

# An IAMA 2.0 in progress (a draft): photo reports about public space sorted by image recognition,
# as Dordrecht reports; self-learning, so part 2 follows branch 2.2B.
PHOTO_REPORTS: dict[str, Any] = {
    "1.1.1": "Jaarlijks komen ruim 60.000 meldingen over de openbare ruimte binnen, steeds vaker "
    "met een foto. Melders kiezen vaak de verkeerde categorie, waardoor het meldpunt een kwart van "
    "de meldingen met de hand moet doorzetten en de afhandeling gemiddeld twee werkdagen langer "
    "duurt.",
    "1.1.2": "Hoofddoel: meldingen sneller bij het juiste team, zodat gebreken eerder worden "
    "verholpen. Subdoelen: minder handmatig doorzetten (van 25% naar 10%) en urgente meldingen in "
    "alle wijken even snel opgepakt.",
    "1.2.1": "Doelmatigheid, goede dienstverlening aan inwoners en veiligheid in de openbare "
    "ruimte: gevaarlijke situaties worden sneller opgepakt.",
    "1.2.2": "Privacy van omstanders en kentekenhouders op foto's; gelijke behandeling van wijken; "
    "de menselijke maat als een melding verkeerd wordt ingedeeld.",
    "1.3.1": False,
    "1.3.2": True,
    "1.3.4": "Beheer en onderhoud van de openbare ruimte (Gemeentewet art. 108 en 160; Wegenwet "
    "art. 15). Voor foto's en contactgegevens: AVG art. 6 lid 1 sub e. Er wordt niets besloten "
    "over de melder zelf.",
    "1.4.1.1": "Team Data & Analyse traint het model met de leverancier van het "
    "meldingensysteem; informatiebeveiliging en de FG adviseren.",
    "1.4.1.2": "Het meldpunt Openbare Ruimte en de teams van Stadsbeheer werken met de "
    "voorgestelde categorie; de teamleider van het meldpunt is proceseigenaar.",
    "1.4.1.3": "Team Data & Analyse beheert en hertraint het model twee keer per jaar; de "
    "leverancier beheert de koppeling. Het budget ligt bij Stadsbeheer.",
    "1.4.2": "De directeur Stadsbeheer namens het college; bestuurlijk verantwoordelijk is de "
    "wethouder Openbare Ruimte.",
    "1.4.3": "Het model is een extra stap in het bestaande proces. Bij stoppen zet het meldpunt "
    "meldingen weer met de hand door; het contract is per kwartaal opzegbaar en de leverancier "
    "verwijdert foto's en trainingsdata binnen 30 dagen.",
    "1.actiepunten": [
        {
            "action": "Afspraken over beheer en hertraining vastleggen bij de overdracht aan "
            "Stadsbeheer",
            "owner": "Projectleider",
            "due": "2026-06-30",
            "status": "in_progress",
        }
    ],
    "2.1.1.1": "self-learning",
    "2.1.1.2": "Een beeldclassificatiemodel (neuraal netwerk, voorgetraind door de leverancier en "
    "bijgetraind op eigen meldingen) dat bij elke foto een van 24 meldcategorieën en een "
    "zekerheidsscore geeft.",
    "2.1.2": "Een beter keuzemenu in de app is in 2025 getest en hielp weinig; tekstherkenning op "
    "de omschrijving werkt slecht bij korte teksten. Beeldherkenning sluit aan bij hoe inwoners "
    "melden en was in de test het nauwkeurigst.",
    "2.2B.1": "Ongeveer 85.000 eigen fotomeldingen uit 2022-2025 met de categorie die het meldpunt "
    "achteraf vaststelde; 15% is apart gehouden als testset.",
    "2.2B.2": "Grotendeels. Bij een steekproef bleek 6% van de oude categorieën onjuist; die zijn "
    "gecorrigeerd. Foto's van 's avonds en van zeldzame categorieën zijn ondervertegenwoordigd.",
    "2.2B.3": "De data komen uit dezelfde app en hetzelfde gebied. Nieuwbouwwijk Havenkwartier "
    "komt in de trainingsdata nauwelijks voor.",
    "2.2B.4": "Het model krijgt alleen de foto, geen naam, adres of contactgegevens. Gezichten en "
    "kentekens worden vóór het trainen vervaagd.",
    "2.3.1": "De foto bij een nieuwe melding. Locatie en contactgegevens blijven in het "
    "meldingensysteem en gaan niet naar het model.",
    "2.3.2": "Voldoende voor de meeste categorieën; bij donkere of onscherpe foto's daalt de "
    "zekerheid en beoordeelt altijd een medewerker de melding.",
    "2.3.3": "De aanname is dat de foto het probleem toont. Wie een oudere telefoon heeft of "
    "minder digitaal vaardig is, maakt vaker onduidelijke foto's.",
    "2.4.1": "Nauwkeurigheid per categorie en het aandeel meldingen bij het verkeerde team, ook "
    "per wijk en per tijdstip. Een gemiste urgente melding weegt het zwaarst.",
    "2.4.2": "Minstens 90% juist bij hoge zekerheid, een recall van 95% op urgente meldingen en "
    "geen wijk die meer dan 5 procentpunt achterblijft.",
    "2.4.3": "Een urgente melding, zoals een losliggend putdeksel, die als niet-urgent wordt "
    "ingedeeld, wordt te laat opgepakt: kans op letsel. Een verkeerde categorie geeft vertraging.",
    "2.5.1": "De gemeente is eigenaar van het bijgetrainde model en de trainingsdata; de "
    "leverancier gebruikt ze niet voor andere klanten (contract en verwerkersovereenkomst).",
    "2.5.2": "Invoer: foto's versleuteld opgeslagen volgens de BIO. Uitvoer: alleen categorie en "
    "score, zonder persoonsgegevens.",
    "2.5.3": "Alleen het meldpunt en de beheerders van Data & Analyse zien foto's; toegang per "
    "rol, gelogd en elk kwartaal gecontroleerd.",
    "2.actiepunten": [
        {
            "action": "Extra trainingsfoto's verzamelen uit het Havenkwartier en van 's avonds",
            "owner": "Team Data & Analyse",
            "due": "2026-09-01",
            "status": "open",
        }
    ],
    "3.1.1": "Een inwoner meldt via app of website. Het model stelt categorie en urgentie voor; "
    "bij hoge zekerheid gaat de melding direct naar het team, anders beoordeelt het meldpunt haar "
    "eerst. Het team plant het herstel.",
    "3.1.2": "Proef in drie wijken vanaf 1 april 2026, zes maanden; daarna een besluit over de "
    "hele gemeente voor onbepaalde tijd.",
    "3.1.3": "Bij elke nieuwe fotomelding, ongeveer 150 per dag.",
    "3.1.4": "Tijdens de proef in Centrum, Oost en Havenkwartier; daarna de hele gemeente.",
    "3.1.5": "Het werk verschuift tussen teams; de planning van Groen en Wegen is aangepast. Een "
    "verkeerde categorie werkt door in het onderhoudsdashboard.",
    "3.2.1": "Het meldpunt beoordeelt alle meldingen met een zekerheid onder 0,8 en elke dag een "
    "steekproef van 20 automatisch doorgezette meldingen. Teams kunnen een melding terugsturen.",
    "3.2.2": "Ja, een medewerker kan categorie en urgentie altijd aanpassen; dat wordt gelogd en "
    "gebruikt bij het hertrainen.",
    "3.2.3": "Het meldpunt krijgt een training van een dagdeel over wat het model wel en niet kan "
    "en wanneer je het niet volgt.",
    "3.2.4": "Beperkt: de lastige meldingen blijven mensenwerk.",
    "3.3.1": "Via intranet, teamoverleggen en een korte werkinstructie.",
    "3.3.2": "Publicatie in het Algoritmeregister, uitleg in de app en een pagina op de website.",
    "3.3.3": "De communicatieadviseur van Stadsbeheer samen met de projectleider.",
    "3.3.4": "Goed te begrijpen: het model zegt alleen welk soort probleem op de foto staat, en de "
    "melder ziet en kan wijzigen welke categorie is voorgesteld.",
    "3.4.1": "Maandrapport met nauwkeurigheid en doorlooptijd per wijk. Blijft een wijk meer dan "
    "5 procentpunt achter of worden urgente meldingen gemist, dan zet de teamleider het "
    "automatisch doorzetten stil.",
    "3.4.2": "Met de knop 'onjuist ingedeeld' in het meldingensysteem; meldingen worden wekelijks "
    "besproken in het projectoverleg.",
    "3.4.3": "Melders kunnen hun melding heropenen of klagen via het klachtenformulier; klachten "
    "over de indeling worden apart geteld.",
    "3.4.4": "Foto's gebruiken om dumpers op te sporen ligt voor de hand maar valt buiten het "
    "doel; daarvoor zijn een nieuw IAMA en een nieuwe DPIA nodig.",
    "3.4.5": "Geslaagd als na zes maanden minder dan 10% met de hand wordt doorgezet, de "
    "doorlooptijd een dag korter is en er geen verschillen tussen wijken zijn. Evaluatie na drie "
    "en zes maanden.",
    "3.5.1": "Melders; omstanders en kentekenhouders op foto's; medewerkers van het meldpunt en de "
    "teams; bewoners van wijken met minder of onduidelijker meldingen.",
    "3.5.2": "Omstanders kunnen herkenbaar op foto's staan. Meldingen uit wijken met minder goede "
    "foto's kunnen trager worden afgehandeld. Een gemiste urgente melding kan tot letsel leiden.",
    "3.5.3": "Snellere afhandeling, minder doorverwijzen en meer tijd voor persoonlijk contact bij "
    "lastige meldingen.",
    "3.5.4": "Het wijkpanel van Oost test de uitleg in de app; melders krijgen na afhandeling een "
    "korte enquête.",
    "3.5.5": "Een melding kan ook zonder foto of telefonisch; dan kiest een medewerker de "
    "categorie.",
    "3.5.6": "Beperkt. Inwoners kunnen minder persoonlijk contact ervaren; telefonisch melden "
    "blijft daarom mogelijk.",
    "3.actiepunten": [
        {
            "action": "Maandrapport per wijk inrichten vóór de start van de proef",
            "owner": "Team Data & Analyse",
            "due": "2026-03-15",
            "status": "done",
        },
        {
            "action": "Uitleg in de app testen met het wijkpanel",
            "owner": "Communicatieadviseur Stadsbeheer",
            "due": "2026-03-31",
            "status": "in_progress",
        },
    ],
    "4.1.1.1": [
        "data-protection",
        "spatial-privacy",
        "indirect-discrimination",
        "good-administration",
    ],
    "4.1.1.2": "Foto's kunnen gezichten en kentekens van omstanders bevatten. Deelt het model "
    "foto's uit bepaalde wijken slechter in, dan worden die bewoners trager geholpen. Een verkeerd "
    "ingedeelde melding kan onterecht worden afgesloten.",
    "4.1.2.1": ["healthy-environment", "disability-rights"],
    "4.1.2.2": "Losliggende tegels en obstakels op de stoep worden sneller hersteld: een veiliger "
    "leefomgeving, ook voor mensen met een beperking.",
    "4.1.3": "Vooral de bescherming van persoonsgegevens van omstanders en het risico op ongelijke "
    "dienstverlening tussen wijken.",
    "4.2.1": "Nee, het systeem valt niet onder bijlage III: het ondersteunt het beheer van de "
    "openbare ruimte en beslist niet over personen.",
    "4.2.2": "Ja, foto's kunnen persoonsgegevens bevatten. De DPIA is in februari 2026 afgerond en "
    "verwijst voor de grondrechten naar dit IAMA.",
    "4.2.3": "Geen onderscheid op een beschermde grond, maar indirect onderscheid is mogelijk als "
    "de kwaliteit per wijk verschilt; daarom monitoren we per wijk (3.4.1).",
    "4.2.4": "De Awb speelt nauwelijks: een melding leidt niet tot een besluit. De bewaartermijnen "
    "volgen de Archiefwet.",
    "4.2.5": "Er is geen specifieke rechtspraak over het indelen van meldingen; we gaan verder met "
    "4.3 tot en met 4.5.",
    "4.3.1": "Persoonsgegevens: niet de kern, het gaat om toevallige omstanders. Gelijke "
    "behandeling weegt zwaarder: het gaat om de gelijkwaardigheid van wijken en hun bewoners.",
    "4.3.2": "Beperkt: gezichten en kentekens worden vervaagd en verschillen in afhandeltijd zijn "
    "meetbaar en te herstellen.",
    "4.3.3": [
        {
            "right": "data-protection",
            "scenario": "Omstanders en kentekens zijn herkenbaar op foto's die het meldpunt en "
            "het model verwerken.",
            "severity": "light",
            "measures": "Vervagen vóór opslag; foto's 30 dagen na afhandeling verwijderd.",
        },
        {
            "right": "indirect-discrimination",
            "scenario": "Foto's uit wijken met oudere telefoons of donkere straten worden slechter "
            "ingedeeld, waardoor meldingen daar trager worden opgepakt.",
            "severity": "medium",
            "measures": "Monitoring per wijk; lage zekerheid altijd naar een medewerker; extra "
            "trainingsfoto's uit achterblijvende wijken.",
        },
        {
            "right": "good-administration",
            "scenario": "Een verkeerd ingedeelde melding wordt afgesloten zonder dat het gebrek is "
            "hersteld.",
            "severity": "light",
            "measures": "Melder kan heropenen; dagelijkse steekproef door het meldpunt.",
        },
    ],
    "4.4.1": "In de test deelde het model 91% juist in bij hoge zekerheid; minder handmatig "
    "doorzetten is dus waarschijnlijk. Of de doorlooptijd daalt, moet de proef uitwijzen.",
    "4.4.2": "Ja: de inbreuken zijn licht tot middelzwaar en goed te beheersen.",
    "4.5.1": "Meer medewerkers op het meldpunt zouden hetzelfde bereiken, maar die capaciteit is "
    "er niet; een beter keuzemenu hielp weinig.",
    "4.5.2": "Vervagen vóór opslag, geen locatie of contactgegevens naar het model, een drempel "
    "voor automatisch doorzetten en monitoring per wijk.",
    "4.5.3": "Een klein risico dat een urgente melding wordt gemist of dat een wijk even "
    "achterblijft voordat het maandrapport dat laat zien.",
    "4.actiepunten": [
        {
            "action": "Het vervagen van gezichten en kentekens laten testen door "
            "informatiebeveiliging",
            "owner": "CISO",
            "due": "2026-03-20",
            "status": "open",
        }
    ],
    "5.A.1": "Snellere afhandeling van meldingen, een veiligere openbare ruimte en efficiënter "
    "werken op het meldpunt.",
    "5.A.3": "Concreet en meetbaar; middelzwaar: het gaat om dienstverlening en veiligheid, niet "
    "om bestaanszekerheid.",
    "5.A.5": "Waarschijnlijk, gezien de testresultaten; de proef moet het bevestigen.",
    "5.A.6": "Niet strikt noodzakelijk, maar de alternatieven bleken duurder of minder effectief.",
    "5.A.2": "De privacy van omstanders en de gelijke behandeling van wijken.",
    "5.B": "Start de proef in drie wijken, op voorwaarde dat de actiepunten zijn afgerond, dat "
    "meldingen met lage zekerheid altijd door een medewerker worden beoordeeld en dat het "
    "automatisch doorzetten stopt zodra een wijk achterblijft. Zo staan duidelijke winst in "
    "dienstverlening en lichte, beheersbare inbreuken in een redelijk evenwicht.",
    "5.C": [
        {
            "risk": "Een urgente melding wordt als niet-urgent ingedeeld en te laat opgepakt.",
            "rating": {"likelihood": "unlikely", "severity": "significant"},
            "decision": "accepted",
            "decided_by": "Directeur Stadsbeheer",
        },
        {
            "risk": "Een wijk blijft enkele weken achter voordat het maandrapport dat toont.",
            "rating": {"likelihood": "possible", "severity": "limited"},
            "decision": "pending",
        },
    ],
    "5.actiepunten": [
        {
            "action": "Advies en restrisico's voorleggen aan de wethouder Openbare Ruimte",
            "owner": "Directeur Stadsbeheer",
            "due": "2026-03-25",
            "status": "open",
        }
    ],
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
    questionnaire_ref: str = FRIA,
) -> None:
    assessment, _ = service.create_assessment(
        session,
        editor,
        title=title,
        questionnaire_ref=questionnaire_ref,
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
    _assessment(
        session,
        editor,
        reviewer,
        title="Fotomeldingen openbare ruimte automatisch indelen",
        description="Beeldherkenning deelt foto's bij meldingen over de openbare ruimte in en "
        "stuurt ze naar het juiste team.",
        phase="pilot",
        answers=PHOTO_REPORTS,
        questionnaire_ref=IAMA2,
    )
