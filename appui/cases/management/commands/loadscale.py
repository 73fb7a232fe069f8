"""`appui loadscale --people N`: fill the database with synthetic case files, at scale.

    appui loadscale --people N [--interviews-per-person 5] [--organisations 130] [--seed S]

For measuring speed (`benchmarks/cases.py`) on a database the size a national network
reaches: a million people, five million interviews. Every name, birth date and phone is
made up from small built-in lists, so no real person is ever loaded; towns are real INSEE
codes of each association's département (the committed territory file).

The rows are those the services would write: search keys from `search`, file numbers
`{prefix}-{year}-{seq:06d}` following the ones already there, notes encrypted as the field
encrypts them, and the anonymous monthly counters of what was loaded. PostgreSQL gets them
by COPY; SQLite, for tests and small loads, gets the very same tuples by executemany.

Each batch is one transaction holding its people, affairs, files, interviews, tasks and
counters, so an interrupted load leaves consistent data behind. Ids are reserved under a
table lock: other writers of those tables wait for the batch to end. Bad input exits with
status 2; production is refused.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import override

from appui.cases import search
from appui.cases.models import (
    DISCIPLINE_BITS,
    Affair,
    AuthorRelationship,
    CaseFile,
    Channel,
    Discipline,
    FileStatus,
    InterviewMode,
    Measure,
    MonthlyCount,
    Person,
    Task,
    TaskKind,
    TaskStatus,
    VictimRole,
)
from appui.cases.models import Interview as InterviewModel
from appui.cases.rights import DEADLINE_LABELS, KIND_TITLES, REMEDY_TITLES
from appui.core.crypto import encrypt_bytes
from appui.core.models import Organisation, OrganisationKind, Role, StaffProfile
from appui.territory import datafile
from appui.territory.choices import CommuneKind

INVALID = 2
OVERSEAS = {"971", "972", "973", "974", "976"}
YEARS = 3  # files opened over the last three years
NOTE_SHARE = 0.1  # interviews with a (encrypted) note; the others have none, to stay fast
CIRCUMSTANCES_SHARE = 0.1

# Columns written, in order; every NOT NULL column without a default is here.
COLUMNS = {
    Person: (
        "id",
        "organisation_id",
        "last_name",
        "first_name",
        "birth_date",
        "phone",
        "email",
        "commune_code",
        "search_name",
        "phone_digits",
        "created_at",
        "updated_at",
    ),
    Affair: (
        "id",
        "organisation_id",
        "offence_category",
        "other_offence_categories",
        "offence_class",
        "offence_date",
        "commune_code",
        "in_france",
        "author_known",
        "author_relationship",
        "circumstances",
        "complaint_filed",
        "complaint_date",
        "prosecutor_reference",
        "court",
        "created_at",
        "updated_at",
    ),
    CaseFile: (
        "id",
        "organisation_id",
        "number",
        "person_id",
        "affair_id",
        "role",
        "status",
        "channel",
        "opened_on",
        "closed_on",
        "referent_id",
        "mandate_reference",
        "mandate_due",
        "french_national",
        "itt_days",
        "created_at",
        "updated_at",
        "disciplines",  # filled once its interviews are made
    ),
    InterviewModel: (
        "id",
        "case_file_id",
        "discipline",
        "held_at",
        "duration_minutes",
        "mode",
        "place_id",
        "author_id",
        "note",
        "created_at",
    ),
    Task: (
        "id",
        "organisation_id",
        "case_file_id",
        "kind",
        "key",
        "title",
        "due_on",
        "legal_basis",
        "assignee_id",
        "status",
        "done_at",
    ),
}
MODELS = tuple(COLUMNS)

# --- made-up identities: common surnames, invented ones, first names -------------------

COMMON_LAST_NAMES = """Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent
Simon Michel Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert
Fontaine Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier
Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel
Mathieu Gautier Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier Brun
Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche
Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas
Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume
Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis
Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Poirier Marty Aubry
Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider
Fernandez Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Cousin Germain Breton
Besson Langlois Rémy Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet
Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain
Tessier Chevallier Collin Chauvin Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud
Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier
Carlier Laporte""".split()
SURNAME_PARTICLES = ["Le ", "La ", "De ", "Du ", "Des ", "De La ", "Da ", "Di "]
SURNAME_ROOTS = """Beau Bel Ber Bon Bou Brou Cha Char Chau Cour Cros Dela Delé Ducl Esc
Fav Font Four Gal Gar Gau Gil Gou Gros Guy Jou Lab Lam Lan Lar Lav Mal Mar Mau Mon Mont Nau
Pel Per Pey Pon Ra Rey Ri Ro Rou Sau Ser Tal Tau Tes Tho Vail Val Vau Ver Vil Vin""".split()
SURNAME_ENDINGS = """ard art aud ault ais and eau el elle enne er ès et ette ier ière in ine
iot oin on onnet ot oux ol ourt ouze y ac at""".split()
FIRST_NAMES = """Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sandrine
Céline Stéphanie Sophie Aurélie Julie Émilie Camille Léa Manon Chloé Emma Inès Zoé Jade Louise
Lina Anaïs Noémie Hélène Agathe Maëlle Océane Laetitia Élodie Mélanie Audrey Claire Justine
Sarah Yasmine Fatima Aïcha Nadia Léna Alice Margaux Clémence Pauline Morgane Jeanne Odile
Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Stéphane Laurent Frédéric Éric
David Julien Sébastien Thomas Antoine Maxime Hugo Lucas Théo Nathan Enzo Louis Gabriel Arthur
Raphaël Mathis Loïc Gaël Jérôme François Benoît Cédric Mickaël Kévin Yanis Mehdi Karim
Rachid Samir Bruno Didier Thierry Olivier Vincent Guillaume Romain Baptiste Noé Élie""".split()
COMPOUND_FIRST = ["Jean-", "Marie-", "Anne-", "Pierre-"]

NOTE_SENTENCES = [
    "La personne relate les faits avec précision.",
    "Information donnée sur le dépôt de plainte et la constitution de partie civile.",
    "Dossier CIVI à préparer avec les justificatifs.",
    "Rendez-vous de suivi fixé dans quinze jours.",
    "Soutien psychologique proposé, à rappeler.",
    "Besoin d'un hébergement d'urgence évoqué.",
    "Orientation vers un avocat au titre de l'aide juridictionnelle.",
    "La personne souhaite être accompagnée à l'audience.",
    "Certificat médical remis, ITT à confirmer.",
    "Contact pris avec le service social du département.",
]
CIRCUMSTANCES = [
    "Faits survenus au domicile.",
    "Agression sur la voie publique en soirée.",
    "Vol avec effraction pendant une absence.",
    "Escroquerie par téléphone se présentant comme la banque.",
    "Menaces répétées par message.",
    "Accident de la circulation au carrefour.",
]

# Weighted choices: (value, weight).
OFFENCES = [
    ("violence", 30),
    ("theft", 14),
    ("fraud", 10),
    ("sexual_violence", 7),
    ("harassment", 6),
    ("threats", 6),
    ("property_damage", 5),
    ("traffic_accident", 5),
    ("sexual_offence_on_minor", 3),
    ("other", 3),
    ("breach_of_trust", 2),
    ("vehicle_arson", 2),
    ("defamation_insult", 2),
    ("homicide", 1),
    ("extortion", 1),
    ("discrimination", 1),
    ("squat", 0.5),
    ("trafficking", 0.3),
    ("terrorism", 0.1),
    ("hunting_accident", 0.1),
]
CRIMES = {"homicide", "sexual_violence", "trafficking", "terrorism", "sexual_offence_on_minor"}
LIGHT = {"threats", "defamation_insult", "property_damage"}
CHANNELS = [
    (Channel.PROSECUTOR_MANDATE.value, 30),
    (Channel.OWN_REQUEST.value, 25),
    (Channel.POLICE.value, 20),
    (Channel.BAV.value, 10),
    (Channel.HELPLINE.value, 7),
    (Channel.HOSPITAL.value, 5),
    (Channel.GUIDE_CALLBACK.value, 3),
]
DISCIPLINES = [
    (Discipline.RECEPTION.value, 35),
    (Discipline.LEGAL.value, 30),
    (Discipline.PSYCHOLOGICAL.value, 15),
    (Discipline.SOCIAL.value, 12),
    (Discipline.REFERRAL.value, 8),
]
MODES = [
    (InterviewMode.IN_PERSON.value, 55),
    (InterviewMode.PHONE.value, 40),
    (InterviewMode.VIDEO.value, 5),
]
RELATIONSHIPS = [
    (AuthorRelationship.PARTNER.value, 20),
    (AuthorRelationship.FORMER_PARTNER.value, 10),
    (AuthorRelationship.FAMILY.value, 10),
    (AuthorRelationship.ACQUAINTANCE.value, 15),
    (AuthorRelationship.WORK.value, 5),
    (AuthorRelationship.STRANGER.value, 25),
    (AuthorRelationship.UNKNOWN.value, 15),
]
# Deadlines the rights engine turns into tasks: (remedy, deadline, legal basis).
DEADLINE_TASKS = [
    ("civi_full", "civi_request", "CPP art. 706-5"),
    ("civi_capped", "civi_request", "CPP art. 706-5"),
    ("sarvi", "sarvi_closes", "CPP art. 706-15-1"),
    ("civil_party", "civil_party_by", "CPP art. 420-1"),
]


def _cumulative(pairs):
    values, total, cum = [], 0.0, []
    for value, weight in pairs:
        total += weight
        values.append(value)
        cum.append(total)
    return values, cum


@dataclass
class Org:
    id: int
    departement: str
    prefix: str
    user_id: int
    communes: list[str]
    commune_weights: list[float]


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic people, affairs, files, interviews, tasks and "
        "monthly counters, for benchmarks (COPY on PostgreSQL). Never in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Numbers are read as text and checked here, so that bad input exits with status 2
        # from the command line and from call_command alike.
        parser.add_argument("--people", required=True, help="people to add (one file each)")
        parser.add_argument("--interviews-per-person", default="5", help="average (default 5)")
        parser.add_argument("--organisations", default="130", help="associations (default 130)")
        parser.add_argument("--seed", default="0", help="random seed, for reproducible loads")
        parser.add_argument("--batch", default="10000", help="people per transaction")

    def handle(self, *args, **options) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError(
                "loadscale fills the database with synthetic data: refused in production."
            )
        people = _number("--people", options["people"], minimum=1)
        per_person = _number("--interviews-per-person", options["interviews_per_person"], minimum=0)
        organisations = _number("--organisations", options["organisations"], minimum=1)
        seed = _number("--seed", options["seed"], minimum=None)
        batch = _number("--batch", options["batch"], minimum=1)

        started = time.perf_counter()
        orgs = _organisations(organisations)
        store = PostgresStore() if connection.vendor == "postgresql" else SqliteStore()
        maker = Maker(orgs, people, per_person, random.Random(seed))  # noqa: S311  (synthetic data)
        totals: Counter = Counter()
        last_line = 0.0
        for start in range(0, people, batch):
            size = min(batch, people - start)
            with transaction.atomic():
                first_ids = store.reserve()
                rows, counts = maker.make(start, size, first_ids)
                for model in MODELS:
                    store.write(model, rows[model])
                    totals[model] += len(rows[model])
                store.release({m: first_ids[m] + len(rows[m]) for m in MODELS})
                _add_counts(counts)
            now = time.perf_counter()
            done = start + size
            if now - last_line >= 2 or done == people:
                last_line = now
                elapsed = now - started
                self.stdout.write(
                    f"{done:,}/{people:,} people, {totals[InterviewModel]:,} interviews, "
                    f"{totals[Task]:,} tasks: {elapsed:.0f} s, "
                    f"~{elapsed / done * (people - done):.0f} s left"
                )
        analysed = store.analyse()
        self.stdout.write(
            f"Loaded {totals[Person]:,} people, {totals[Affair]:,} affairs, "
            f"{totals[CaseFile]:,} files, {totals[InterviewModel]:,} interviews and "
            f"{totals[Task]:,} tasks in {len(orgs)} associations "
            f"({connection.vendor}, {time.perf_counter() - started:.0f} s{analysed})."
        )


def _number(name: str, raw, *, minimum: int | None) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise CommandError(
            f"{name} must be a whole number, not {raw!r}.", returncode=INVALID
        ) from None
    if minimum is not None and value < minimum:
        raise CommandError(f"{name} must be at least {minimum}, not {value}.", returncode=INVALID)
    return value


# --- organisations and their staff -----------------------------------------------------


def _departements() -> tuple[list[tuple[str, str, int]], dict[str, tuple[list[str], list[float]]]]:
    """Départements with their communes (weighted by population), from the territory file."""
    data = datafile.read()
    communes: dict[str, tuple[list[str], list[float]]] = {}
    population: Counter = Counter()
    for commune in data.communes:
        if commune.kind != CommuneKind.COMMUNE.value:
            continue
        codes, cum = communes.setdefault(commune.departement, ([], []))
        weight = max(commune.population or 0, 50)
        codes.append(commune.code)
        cum.append((cum[-1] if cum else 0) + weight)
        population[commune.departement] += weight
    # The 96 metropolitan départements and the five overseas ones.
    departements = [
        (code, name, population[code])
        for code, name, _region in data.departements
        if code in communes and (len(code) == 2 or code in OVERSEAS)
    ]
    return departements, communes


def _organisations(count: int) -> list[Org]:
    """`load001`…: one per département first, then more in the most populated ones."""
    departements, communes = _departements()
    by_population = sorted(departements, key=lambda d: -d[2])
    order = [
        departements[i] if i < len(departements) else by_population[i % len(departements)]
        for i in range(count)
    ]
    user_model = get_user_model()
    orgs = []
    with transaction.atomic():
        for i, (dep, name, _population) in enumerate(order, start=1):
            code = f"load{i:03d}"
            org, _ = Organisation.objects.get_or_create(
                code=code,
                defaults={
                    "kind": OrganisationKind.ASSOCIATION,
                    "name": f"Aide aux victimes {name} (charge {i:03d})",
                    "departement": dep,
                    "file_prefix": f"L{i:03d}",
                },
            )
            email = f"{code}@load.example"
            user, _ = user_model.objects.get_or_create(
                username=email,
                defaults={"email": email, "password": make_password(None), "is_staff": True},
            )
            StaffProfile.objects.get_or_create(
                user=user,
                defaults={
                    "organisation": org,
                    "role": Role.DIRECTION,
                    "display_name": f"Référent {code}",
                },
            )
            codes, cum = communes.get(org.departement) or communes[dep]
            orgs.append(Org(org.pk, org.departement, org.file_prefix, user.pk, codes, cum))
    return orgs


# --- the rows --------------------------------------------------------------------------


class Maker:
    """Makes the rows of a batch of people, in the order of their files' opening."""

    def __init__(self, orgs: list[Org], people: int, per_person: int, rng: random.Random):
        self.orgs, self.people, self.per_person, self.rng = orgs, people, per_person, rng
        self.tz = timezone.get_default_timezone()
        self.today = timezone.localdate()
        first = self.today.replace(year=self.today.year - YEARS)
        self.days = [first + dt.timedelta(days=d) for d in range((self.today - first).days + 1)]
        self.months = [d.replace(day=1) for d in self.days]
        self.due_days = [self.today + dt.timedelta(days=d) for d in range(-40, 201)]
        # Associations in proportion to the population of their département.
        shares = Counter(o.departement for o in orgs)
        self.org_cum = _cumulative(
            (o, o.commune_weights[-1] / shares[o.departement]) for o in orgs
        )[1]
        self.sequences: dict[tuple[int, int], int] = {}
        self.last_names, self.last_cum = _cumulative(
            (name, 1 / (rank + 5)) for rank, name in enumerate(COMMON_LAST_NAMES)
        )
        self.offences, self.offence_cum = _cumulative(OFFENCES)
        self.channels, self.channel_cum = _cumulative(CHANNELS)
        self.disciplines, self.discipline_cum = _cumulative(DISCIPLINES)
        self.modes, self.mode_cum = _cumulative(MODES)
        self.relationships, self.relationship_cum = _cumulative(RELATIONSHIPS)
        with override("fr"):  # stored titles are French, as the services store them
            self.deadline_tasks = [
                (
                    TaskKind.RIGHTS_DEADLINE.value,
                    f"{remedy}:{deadline}",
                    f"{DEADLINE_LABELS[deadline]} — {REMEDY_TITLES[remedy]}"[:200],
                    basis,
                )
                for remedy, deadline, basis in DEADLINE_TASKS
            ]
            self.mandate_task = (
                TaskKind.MANDATE_DUE.value,
                "mandate",
                str(KIND_TITLES[TaskKind.MANDATE_DUE]),
                "CPP art. 41",
            )

    def _last_name(self) -> str:
        rng = self.rng
        draw = rng.random()
        if draw < 0.45:
            return rng.choices(self.last_names, cum_weights=self.last_cum)[0]
        if draw < 0.94:
            name = rng.choice(SURNAME_ROOTS) + rng.choice(SURNAME_ENDINGS)
            if rng.random() < 0.12:
                name = rng.choice(SURNAME_PARTICLES) + name
            return name
        return f"{rng.choice(COMMON_LAST_NAMES)}-{rng.choice(COMMON_LAST_NAMES)}"

    def _first_name(self) -> str:
        rng = self.rng
        name = rng.choice(FIRST_NAMES)
        if rng.random() < 0.08:
            name = rng.choice(COMPOUND_FIRST) + name
        return name

    def _number(self, org: Org, year: int) -> str:
        """The next file number of that association and year, after those in the database."""
        key = (org.id, year)
        if key not in self.sequences:
            prefix = f"{org.prefix}-{year}-"
            last = (
                CaseFile.objects.filter(organisation_id=org.id, number__startswith=prefix)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            self.sequences[key] = int(last.rsplit("-", 1)[1]) if last else 0
        self.sequences[key] += 1
        return f"{org.prefix}-{year}-{self.sequences[key]:06d}"

    def make(self, start: int, size: int, first_ids: dict) -> tuple[dict, Counter]:
        rng = self.rng
        random_, randint, choice, choices, sample = (
            rng.random,
            rng.randint,
            rng.choice,
            rng.choices,
            rng.sample,
        )
        tz, today, days, months, due_days = (
            self.tz,
            self.today,
            self.days,
            self.months,
            self.due_days,
        )
        span = len(days) - 1
        orgs, org_cum = self.orgs, self.org_cum
        per_person = self.per_person
        people, affairs, files, interviews, tasks = [], [], [], [], []
        counts: Counter = Counter()
        person_id, affair_id, file_id = first_ids[Person], first_ids[Affair], first_ids[CaseFile]
        interview_id, task_id = first_ids[InterviewModel], first_ids[Task]
        for index in range(start, start + size):
            org = choices(orgs, cum_weights=org_cum)[0]
            day_index = index * span // max(self.people - 1, 1)
            day = days[day_index]
            month = months[day_index]
            age = (today - day).days
            created = dt.datetime(
                day.year, day.month, day.day, randint(8, 18), randint(0, 59), tzinfo=tz
            )
            commune = choices(org.communes, cum_weights=org.commune_weights)[0]

            last, first = self._last_name(), self._first_name()
            phone = ""
            if random_() < 0.82:
                digits = f"{randint(0, 99_999_999):08d}"
                phone = f"0{choice('67')} {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"
            email = ""
            if random_() < 0.25:
                local = search.normalise(f"{first}.{last}").replace(" ", "-")
                email = f"{local}{randint(1, 99)}@example.org"
            birth = None
            if random_() < 0.96:
                birth = day - dt.timedelta(
                    days=int(rng.triangular(3, 90, 34) * 365.25) + randint(0, 364)
                )
            people.append(
                (
                    person_id,
                    org.id,
                    last,
                    first,
                    birth,
                    phone,
                    email,
                    commune,
                    search.search_name(last, first),
                    search.phone_digits(phone),
                    created,
                    created,
                )
            )

            offence = choices(self.offences, cum_weights=self.offence_cum)[0]
            offence_class = ""
            if random_() < 0.7:
                offence_class = (
                    "crime"
                    if offence in CRIMES
                    else ("contravention" if offence in LIGHT and random_() < 0.3 else "delit")
                )
            offence_date = day - dt.timedelta(days=int(random_() ** 3 * 400))
            author_known = random_() < 0.6 if random_() < 0.9 else None
            relationship = (
                choices(self.relationships, cum_weights=self.relationship_cum)[0]
                if author_known
                else ""
            )
            circumstances = ""
            if random_() < CIRCUMSTANCES_SHARE:
                circumstances = encrypt_bytes(choice(CIRCUMSTANCES).encode()).decode()
            complaint = random_() < 0.75
            affairs.append(
                (
                    affair_id,
                    org.id,
                    offence,
                    "[]",  # JSON: no other offence
                    offence_class,
                    offence_date,
                    commune
                    if random_() < 0.7
                    else choices(org.communes, cum_weights=org.commune_weights)[0],
                    True,
                    author_known,
                    relationship,
                    circumstances,
                    complaint,
                    offence_date + dt.timedelta(days=randint(0, 10)) if complaint else None,
                    "",
                    "",
                    created,
                    created,
                )
            )

            channel = choices(self.channels, cum_weights=self.channel_cum)[0]
            mandate = channel == Channel.PROSECUTOR_MANDATE
            closed_on = None
            if age > 45 and random_() < min(0.92, (age - 45) / 600):
                closed_on = min(day + dt.timedelta(days=randint(30, max(30, age))), today)
            draw = random_()
            files.append(
                (
                    file_id,
                    org.id,
                    self._number(org, day.year),
                    person_id,
                    affair_id,
                    VictimRole.DIRECT.value if random_() < 0.88 else VictimRole.RELATIVE.value,
                    FileStatus.CLOSED.value if closed_on else FileStatus.OPEN.value,
                    channel,
                    day,
                    closed_on,
                    org.user_id,
                    f"{day.year % 100:02d}/{randint(1000, 99999)}" if mandate else "",
                    day + dt.timedelta(days=30) if mandate else None,
                    True if draw < 0.85 else (None if draw < 0.95 else False),
                    randint(0, 30) if offence == "violence" and random_() < 0.5 else None,
                    created,
                    created,
                )
            )
            dep = org.departement
            counts[(org.id, dep, month, Measure.NEW_FILES.value, "")] += 1
            counts[(org.id, dep, month, Measure.CHANNEL.value, channel)] += 1
            counts[(org.id, dep, month, Measure.OFFENCE.value, offence)] += 1

            # Interviews from the opening until the file closes (or today), most early on.
            window = (closed_on - day).days if closed_on else age
            helped = set()
            bits = 0
            count = randint(1, 2 * per_person - 1) if per_person else 0
            for n in range(count):
                offset = 0 if n == 0 else int(random_() ** 2 * window)
                held_day = days[day_index + offset]
                held = dt.datetime(
                    held_day.year,
                    held_day.month,
                    held_day.day,
                    randint(9, 17),
                    choice((0, 15, 30, 45)),
                    tzinfo=tz,
                )
                discipline = choices(self.disciplines, cum_weights=self.discipline_cum)[0]
                note = ""
                if random_() < NOTE_SHARE:
                    note = encrypt_bytes(" ".join(sample(NOTE_SENTENCES, 2)).encode()).decode()
                interviews.append(
                    (
                        interview_id,
                        file_id,
                        discipline,
                        held,
                        choice((15, 30, 30, 45, 60, 90)),
                        choices(self.modes, cum_weights=self.mode_cum)[0],
                        None,
                        org.user_id,
                        note,
                        held,
                    )
                )
                interview_id += 1
                bits |= DISCIPLINE_BITS[discipline]
                held_month = months[day_index + offset]
                counts[(org.id, dep, held_month, Measure.INTERVIEWS.value, discipline)] += 1
                helped.add(held_month)
            files[-1] = (*files[-1], bits)  # its interviews' disciplines, as add_interview
            for held_month in helped:  # the first interview of a file in a month
                counts[(org.id, dep, held_month, Measure.PEOPLE_HELPED.value, "")] += 1

            # One to three tasks: open with due dates around today, or ended with the file.
            wanted = sample(self.deadline_tasks, randint(1, 3) - mandate)
            if mandate:
                wanted.append(self.mandate_task)
            for kind, key, title, basis in wanted:
                if closed_on is None:
                    status, due, done_at = TaskStatus.OPEN.value, choice(due_days), None
                elif random_() < 0.3:
                    due = closed_on - dt.timedelta(days=randint(0, 20))
                    status, done_at = (
                        TaskStatus.DONE.value,
                        dt.datetime(closed_on.year, closed_on.month, closed_on.day, 10, tzinfo=tz),
                    )
                else:
                    status, due, done_at = (
                        TaskStatus.CANCELLED.value,
                        closed_on + dt.timedelta(days=randint(0, 300)),
                        None,
                    )
                tasks.append(
                    (
                        task_id,
                        org.id,
                        file_id,
                        kind,
                        key,
                        title,
                        due,
                        basis,
                        org.user_id,
                        status,
                        done_at,
                    )
                )
                task_id += 1

            person_id += 1
            affair_id += 1
            file_id += 1
        rows = {
            Person: people,
            Affair: affairs,
            CaseFile: files,
            InterviewModel: interviews,
            Task: tasks,
        }
        return rows, counts


# --- writing ---------------------------------------------------------------------------

UPSERT_COUNT = (
    f"INSERT INTO {MonthlyCount._meta.db_table} "  # noqa: S608  (constant names)
    "(organisation_id, departement, month, measure, key, count) VALUES (%s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (organisation_id, departement, month, measure, key) "
    f"DO UPDATE SET count = {MonthlyCount._meta.db_table}.count + excluded.count"
)


def _add_counts(counts: Counter) -> None:
    """Add to the monthly counters, as `services._count` would have one by one."""
    with connection.cursor() as cursor:
        cursor.executemany(UPSERT_COUNT, [(*key, n) for key, n in sorted(counts.items())])


class PostgresStore:
    def reserve(self) -> dict:
        """The next id of each table, the tables locked against other writers."""
        tables = ", ".join(m._meta.db_table for m in MODELS)
        ids = {}
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
            for model in MODELS:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table]
                )
                ids[model] = cursor.fetchone()[0]
        return ids

    def write(self, model, rows: list[tuple]) -> None:
        if not rows:
            return
        sql = f"COPY {model._meta.db_table} ({', '.join(COLUMNS[model])}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def release(self, next_ids: dict) -> None:
        with connection.cursor() as cursor:
            for model, next_id in next_ids.items():
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                    [model._meta.db_table, next_id],
                )

    def analyse(self) -> str:
        """Fresh planner statistics; VACUUM also marks pages all-visible (index-only scans)."""
        started = time.perf_counter()
        tables = [m._meta.db_table for m in (*MODELS, MonthlyCount)]
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # inside a test's transaction VACUUM cannot run
                cursor.execute(f"ANALYZE {', '.join(tables)}")
                return ", analysed"
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        return f", of which VACUUM ANALYZE {time.perf_counter() - started:.0f} s"


class SqliteStore:
    """The same tuples by executemany, dates adapted as Django would store them."""

    def reserve(self) -> dict:
        ids = {}
        with connection.cursor() as cursor:
            for model in MODELS:
                table = model._meta.db_table
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                highest = cursor.fetchone()[0]
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = cursor.fetchone()
                ids[model] = max(highest, found[0] if found else 0) + 1
        return ids

    def write(self, model, rows: list[tuple]) -> None:
        if not rows:
            return
        ops = connection.ops

        def adapt(value):
            if isinstance(value, dt.datetime):
                return ops.adapt_datetimefield_value(value)
            if isinstance(value, dt.date):
                return ops.adapt_datefield_value(value)
            return value

        columns = COLUMNS[model]
        sql = (
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(adapt(v) for v in row) for row in rows])

    def release(self, next_ids: dict) -> None:
        """SQLite moves its AUTOINCREMENT counters past explicit ids by itself."""

    def analyse(self) -> str:
        return ""
