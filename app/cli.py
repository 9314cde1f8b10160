"""The `levend` command: serve, migrate, lint, load, demo, verify, org, user, token,
questionnaire import, fork, publish, export and load."""

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from app.errors import DomainError
from app.i18n import current_language
from app.models import Role
from app.settings import PROJECT_ROOT, get_settings

if TYPE_CHECKING:
    from app.models import QuestionnaireSet
    from app.questionnaire.catalogue import Operator


def migrate(database_url: str | None = None) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logging"] = False
    if database_url:
        config.attributes["database_url"] = database_url
    command.upgrade(config, "head")


def _session() -> Session:
    from app.db import get_engine

    return Session(get_engine(), expire_on_commit=False)


def cmd_serve(args: argparse.Namespace) -> int:
    from app.server import serve

    if args.workers < 1:
        print("levend serve: --workers must be 1 or more", file=sys.stderr)
        return 2
    serve(args.host, args.port, args.workers)
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    migrate()
    print("database is at the newest schema")
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from app.questionnaire.loader import QuestionnaireInvalid, load_file, set_files

    files = set_files([Path(p) for p in args.paths])
    missing = [p for p in files if not p.exists()]
    for path in missing:
        print(f"{path}:1:1: no such file", file=sys.stderr)
    problems = len(missing)
    for path in (p for p in files if p.exists()):
        try:
            load_file(path)
        except QuestionnaireInvalid as invalid:
            problems += len(invalid.errors)
            for error in invalid.errors:
                print(error, file=sys.stderr)
    if not files:
        print("no questionnaire files found", file=sys.stderr)
        return 2
    checked = len(files) - len(missing)
    print(f"{checked} file(s) checked, {problems} problem(s)")
    return 1 if problems else 0


def cmd_load(args: argparse.Namespace) -> int:
    from app.questionnaire.loader import QuestionnaireInvalid, load_file, set_files
    from app.questionnaire.store import QuestionnaireConflict, store_set

    paths = [Path(p) for p in args.paths] or [get_settings().questionnaire_dir]
    report = []
    with _session() as session:
        try:
            for path in set_files(paths):
                row, created = store_set(session, load_file(path))
                report.append(f"{'loaded' if created else 'unchanged'} {row.ref}  ({path})")
            session.commit()
        except (QuestionnaireInvalid, QuestionnaireConflict) as problem:
            # All or nothing: one bad file and none of the others is stored either.
            print(
                problem if isinstance(problem, QuestionnaireInvalid) else f"error: {problem}",
                file=sys.stderr,
            )
            print("nothing was loaded", file=sys.stderr)
            return 1
    print("\n".join(report))
    return 0


def cmd_questionnaire_import(args: argparse.Namespace) -> int:
    from app.importers import ImportFailed, checked_set, import_instrument
    from app.importers.common import SET_KEY, VERSION
    from app.questionnaire.loader import QuestionnaireInvalid
    from app.questionnaire.store import QuestionnaireConflict, store_set

    if args.key is not None and not SET_KEY.match(args.key):
        print(
            "levend questionnaire import: --key must be lower-case letters, digits and hyphens "
            "(at most 63, starting with a letter or digit)",
            file=sys.stderr,
        )
        return 2
    if args.version is not None and not VERSION.match(args.version):
        print(
            "levend questionnaire import: --version must be numbers and dots, like 1.0 or 2.1.3",
            file=sys.stderr,
        )
        return 2
    source, out = Path(args.file), Path(args.output)
    try:
        result = import_instrument(source, key=args.key, version=args.version)
    except ImportFailed as failed:
        print(f"error: {failed}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"warning: {note}", file=sys.stderr)
    try:
        text, loaded = checked_set(result, str(out))
    except QuestionnaireInvalid as invalid:
        print(
            f"error: {source} does not make a valid questionnaire set; nothing was written",
            file=sys.stderr,
        )
        for error in invalid.errors:
            print(error, file=sys.stderr)
        return 1
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write {out}: {error.strerror}", file=sys.stderr)
        return 1
    asked = sum(1 for q in result.questions if q["type"] != "informational")
    print(
        f"imported {result.format} {source} as {result.ref}: {asked} questions and "
        f"{len(result.questions) - asked} texts in {len(result.sections)} section(s), "
        f"{len(result.notes)} warning(s); written to {out}"
    )
    if not args.load:
        return 0
    with _session() as session:
        try:
            row, created = store_set(session, loaded)
            session.commit()
        except QuestionnaireConflict as conflict:
            print(f"error: {conflict}; {out} was written, but not loaded", file=sys.stderr)
            return 1
    print(f"{'loaded' if created else 'unchanged'} {row.ref}")
    return 0


def _operator(session: Session, slug: str) -> "Operator":
    """The operator acting for the organisation `slug`."""
    from app.errors import NotFound
    from app.people.organisations import find_organisation
    from app.questionnaire.catalogue import Operator

    organisation = find_organisation(session, slug)
    if organisation is None or organisation.id is None:
        raise NotFound(f"there is no organisation {slug!r}")
    return Operator(organisation.id)


def cmd_questionnaire_fork(args: argparse.Namespace) -> int:
    from app.questionnaire.forks import fork

    with _session() as session:
        row = fork(session, _operator(session, args.org), args.ref, args.new_key, args.version)
    print(f"forked {args.ref} as {row.ref}, a draft of {args.org}")
    return 0


def cmd_questionnaire_publish(args: argparse.Namespace) -> int:
    from app.questionnaire.publishing import publish

    with _session() as session:
        row = publish(session, _operator(session, args.org), args.ref)
    print(f"published {row.ref}")
    return 0


def cmd_questionnaire_export(args: argparse.Namespace) -> int:
    from app.questionnaire.sharing import export_set

    with _session() as session:
        organisation_id = _operator(session, args.org).organisation_id if args.org else None
        exported = export_set(session, organisation_id, args.ref)
    if args.output is None:
        sys.stdout.write(exported.text)
        return 0
    try:
        Path(args.output).write_text(exported.text, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"exported {args.ref} to {args.output}")
    return 0


def cmd_questionnaire_load(args: argparse.Namespace) -> int:
    from app.errors import InvalidYaml
    from app.questionnaire.loader import MAX_FILE_BYTES
    from app.questionnaire.sharing import import_set

    path = Path(args.file)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        print(f"{path}:1:1: cannot read: {error.strerror}", file=sys.stderr)
        return 1
    with _session() as session:
        try:
            row, created = import_set(session, _operator(session, args.org), data, str(path))
        except InvalidYaml as invalid:
            for problem in invalid.problems:
                print(
                    f"{path}:{problem['line']}:{problem['column']}: {problem['message']}",
                    file=sys.stderr,
                )
            print(f"error: {invalid.message}", file=sys.stderr)
            return 1
    lineage = " <- ".join([row.ref, *_lineage_of(row)])
    print(f"{'loaded' if created else 'unchanged'} {lineage} into {args.org}")
    return 0


def _lineage_of(row: "QuestionnaireSet") -> list[str]:
    from app.questionnaire.store import questionnaire_of

    return list(questionnaire_of(row).lineage)


def cmd_demo(_args: argparse.Namespace) -> int:
    from app.demo import NEIGHBOUR_NAME, NEIGHBOUR_PEOPLE, seed_demo

    if get_settings().env == "production":
        # The demo passwords are published in the README.
        print(
            "error: the demo organisation is not for production (LEVEND_ENV=production)",
            file=sys.stderr,
        )
        return 2
    migrate()
    with _session() as session:
        logins = seed_demo(session, get_settings().questionnaire_dir)
    print("Demo organisation ready. Log in with:")
    for email, password, role in logins:
        print(f"  {role:<9} {email}  password: {password}")
    also = " and ".join(email for email, _role in NEIGHBOUR_PEOPLE)
    print(f"{also} also belong to {NEIGHBOUR_NAME} (switch in the page header).")
    return 0


def cmd_verify(_args: argparse.Namespace) -> int:
    from app.assessments.verification import broken_seals
    from app.audit.verify import check_all_chains

    with _session() as session:
        problems = list(broken_seals(session))
        chains = check_all_chains(session)
    for problem in problems:
        print(problem, file=sys.stderr)
    broken_chains = [c for c in chains if c.problem is not None]
    for chain in chains:
        print(chain, file=sys.stderr if chain.problem else sys.stdout)
    if problems:
        print(f"{len(problems)} broken seal(s): history was changed outside Levend")
    if broken_chains:
        print(f"{len(broken_chains)} broken audit chain(s): the trail was changed outside Levend")
    if problems or broken_chains:
        return 1
    print("every sealed revision matches its hash and its parent; every audit chain is intact")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise DomainError("the two passwords differ")
    return first


def cmd_user_create(args: argparse.Namespace) -> int:
    from app.audit.chain import record
    from app.auth.accounts import create_user
    from app.people.organisations import organisation_for_account

    with _session() as session:
        # A new organisation is stored together with its first account, or not at all.
        organisation, new = organisation_for_account(session, slug=args.org, name=args.org_name)
        user = create_user(
            session,
            email=args.email,
            name=args.name or args.email.split("@")[0],
            password=_read_password(args),
            organisation=organisation,
            role=Role(args.role),
            commit=False,
        )
        # Made at the command line: in the trail without a person as the actor.
        assert organisation.id is not None
        record(
            session,
            organisation.id,
            None,
            "member.added",
            subject=user.email,
            detail={"role": args.role, "previous_role": None, "by": "levend user create"},
        )
        session.commit()
        if new:
            print(f"created organisation {organisation.slug} ({organisation.name})")
        print(f"created {user.email} ({args.role}) in {organisation.slug}")
    return 0


def cmd_org_create(args: argparse.Namespace) -> int:
    from app.people.organisations import create_organisation

    with _session() as session:
        organisation = create_organisation(session, slug=args.slug, name=args.name)
    print(f"created organisation {organisation.slug} ({organisation.name})")
    return 0


def cmd_token_create(args: argparse.Namespace) -> int:
    from app.auth.accounts import create_token

    with _session() as session:
        token = create_token(session, args.email, name=args.name, organisation_slug=args.org)
    print(f"API token for {args.email} (shown once; keep it secret):")
    print(token)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="levend", description="Living fundamental-rights impact assessments."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the web app and the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes serving requests; one per CPU core in production (default 1)",
    )
    serve.set_defaults(handler=cmd_serve)

    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        handler=cmd_migrate
    )

    lint = commands.add_parser("lint", help="check questionnaire YAML files (file:line:col)")
    lint.add_argument("paths", nargs="+", metavar="PATH")
    lint.set_defaults(handler=cmd_lint)

    load = commands.add_parser("load", help="load questionnaire sets into the database")
    load.add_argument("paths", nargs="*", metavar="PATH", help="default: the built-in sets")
    load.set_defaults(handler=cmd_load)

    questionnaire = commands.add_parser(
        "questionnaire", help="questionnaire sets: import other formats, fork, publish, share"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")
    import_ = questionnaire.add_parser(
        "import",
        help="turn a task-registry instrument or a PAR assessment definition into a set",
        description="Read a task-registry instrument or a PAR assessment definition (YAML or "
        "JSON; the format is recognised from the content), write it as a Levend questionnaire "
        "set, and warn about everything that could not be carried over as it was.",
    )
    import_.add_argument("file", metavar="FILE", help="the instrument (YAML or JSON)")
    import_.add_argument(
        "-o", "--output", required=True, metavar="OUT.yaml", help="where to write the set"
    )
    import_.add_argument("--key", default=None, help="the set's key (default: from the urn)")
    import_.add_argument(
        "--version", default=None, help="the set's version (default: the instrument's)"
    )
    import_.add_argument(
        "--load", action="store_true", help="also store the set in the database, ready for use"
    )
    import_.set_defaults(handler=cmd_questionnaire_import)

    fork = questionnaire.add_parser(
        "fork",
        help="make an organisation's own draft of a set (KEY@VERSION), under a key of its own",
    )
    fork.add_argument("ref", metavar="KEY@VERSION", help="the set to fork, e.g. ai-act-fria@1.0")
    fork.add_argument(
        "--as", dest="new_key", required=True, metavar="NEWKEY", help="the fork's key"
    )
    fork.add_argument("--org", required=True, metavar="SLUG", help="the organisation it is for")
    fork.add_argument("--version", default="1.0", help="the fork's version (default 1.0)")
    fork.set_defaults(handler=cmd_questionnaire_fork)

    publish = questionnaire.add_parser(
        "publish", help="publish an organisation's draft: from then on it never changes"
    )
    publish.add_argument("ref", metavar="KEY@VERSION")
    publish.add_argument("--org", required=True, metavar="SLUG", help="the organisation it is of")
    publish.set_defaults(handler=cmd_questionnaire_publish)

    export = questionnaire.add_parser(
        "export", help="write a set as YAML, with its lineage, to share with another installation"
    )
    export.add_argument("ref", metavar="KEY@VERSION")
    export.add_argument("-o", "--output", default=None, metavar="FILE", help="default: stdout")
    export.add_argument(
        "--org", default=None, metavar="SLUG", help="to export that organisation's drafts too"
    )
    export.set_defaults(handler=cmd_questionnaire_export)

    load_set = questionnaire.add_parser(
        "load", help="import an exported set into an organisation, published, lineage intact"
    )
    load_set.add_argument("file", metavar="FILE", help="a set's YAML, as export writes it")
    load_set.add_argument("--org", required=True, metavar="SLUG", help="the organisation")
    load_set.set_defaults(handler=cmd_questionnaire_load)

    commands.add_parser(
        "demo", help="migrate, load the built-in sets, and seed a demo organisation"
    ).set_defaults(handler=cmd_demo)

    commands.add_parser(
        "verify", help="check every sealed revision's content hash and parent chain"
    ).set_defaults(handler=cmd_verify)

    user = commands.add_parser("user", help="manage accounts").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    create = user.add_parser("create", help="create a local account")
    create.add_argument("email")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--org", default="demo", help="organisation slug (created if new)")
    create.add_argument("--org-name", default=None)
    create.add_argument("--name", default=None, help="display name")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    create.set_defaults(handler=cmd_user_create)

    org = commands.add_parser("org", help="manage organisations").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    org_create = org.add_parser("create", help="create an organisation")
    org_create.add_argument("slug", help="lower-case letters, digits and hyphens")
    org_create.add_argument("--name", required=True, help="the organisation's name")
    org_create.set_defaults(handler=cmd_org_create)

    token = commands.add_parser("token", help="personal API tokens").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    token_create = token.add_parser("create", help="create an API token; printed on the last line")
    token_create.add_argument("email")
    token_create.add_argument("--name", default="cli")
    token_create.add_argument(
        "--org", metavar="SLUG", help="the organisation it acts in (needed when there are several)"
    )
    token_create.set_defaults(handler=cmd_token_create)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The command speaks English, its error messages included.
    language = current_language.set("en")
    try:
        return int(args.handler(args))
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    finally:
        current_language.reset(language)


if __name__ == "__main__":
    sys.exit(main())
